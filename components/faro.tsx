'use client';

import { useEffect } from 'react';

// StrictMode mounts effects twice in development and Next may bundle this module more than once;
// the flag plus Faro's own registration state keep it to one SDK instance per page.
let started = false;

async function startFaro(): Promise<void> {
  const {
    faro,
    initializeFaro,
    isInternalFaroOnGlobalObject,
    ErrorsInstrumentation,
    SessionInstrumentation,
    ViewInstrumentation,
    WebVitalsInstrumentation,
  } = await import('@grafana/faro-web-sdk');
  // `faro.api` exists from the start (a no-op API); `faro.config` and the SDK's global are only
  // set once an instance is registered, so they are what tells "already running".
  if (faro.config || isInternalFaroOnGlobalObject()) return;
  initializeFaro({
    url: '/api/rum',
    app: { name: 'sightline', version: '0.1.0' },
    // Errors and web vitals are what the System page shows; no console capture or resource timings.
    instrumentations: [new ErrorsInstrumentation(), new WebVitalsInstrumentation(), new SessionInstrumentation(), new ViewInstrumentation()],
  });
}

/** Real-user monitoring of Sightline's own UI (SPEC §3.4); renders nothing. */
export function FaroInit() {
  useEffect(() => {
    if (started) return;
    started = true;
    // Loaded after hydration so it never delays the page; telemetry failing must not break it.
    startFaro().catch((err: unknown) => console.warn('Faro RUM is off:', err));
  }, []);
  return null;
}
