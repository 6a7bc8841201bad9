'use client';

import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../trpc';
import { useUpdateParams } from '../url-state';
import { SPAN_KINDS, type SearchInput } from './search-params';

interface FormState {
  service: string;
  operation: string;
  kind: string;
  minDurationMs: string;
  status: string;
  traceId: string;
  rootOnly: boolean;
}

function fromInput(input: SearchInput): FormState {
  return {
    service: input.service ?? '',
    operation: input.operation ?? '',
    kind: input.kind ?? '',
    minDurationMs: input.minDurationMs === undefined ? '' : String(input.minDurationMs),
    status: input.status ?? 'any',
    traceId: input.traceId ?? '',
    rootOnly: input.rootOnly ?? false,
  };
}

/**
 * Edits the filters locally and writes them to the URL on submit, so every search is a link.
 * The parent keys it by the URL's filters, so back/forward navigation resets the fields.
 */
export function SearchForm({ input }: { input: SearchInput }) {
  const trpc = useTRPC();
  const update = useUpdateParams();
  const [form, setForm] = useState(() => fromInput(input));
  const services = useQuery(trpc.services.list.queryOptions({ from: input.from, to: input.to }, { staleTime: 60_000 }));

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update({
      service: form.service.trim(),
      operation: form.operation.trim(),
      kind: form.kind,
      minDurationMs: form.minDurationMs.trim(),
      status: form.status === 'any' ? '' : form.status,
      traceId: form.traceId.trim(),
      rootOnly: form.rootOnly ? 'true' : '',
    });
  };

  return (
    <form className="search-form" onSubmit={submit} aria-label="Span search">
      <label className="field">
        Service
        <input list="services-list" value={form.service} onChange={(e) => set('service', e.target.value)} placeholder="any" />
        <datalist id="services-list">
          {services.data?.map((s) => <option key={s.service} value={s.service} />)}
        </datalist>
      </label>
      <label className="field">
        Operation
        <input value={form.operation} onChange={(e) => set('operation', e.target.value)} placeholder="route or span name" />
      </label>
      <label className="field">
        Kind
        <select value={form.kind} onChange={(e) => set('kind', e.target.value)}>
          <option value="">any</option>
          {SPAN_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Min duration (ms)
        <input type="number" min={0} step="any" value={form.minDurationMs} onChange={(e) => set('minDurationMs', e.target.value)} placeholder="0" />
      </label>
      <label className="field">
        Status
        <select value={form.status} onChange={(e) => set('status', e.target.value)}>
          <option value="any">any</option>
          <option value="error">error (bad calls)</option>
          <option value="ok">ok</option>
        </select>
      </label>
      <label className="field">
        Trace id
        <input value={form.traceId} onChange={(e) => set('traceId', e.target.value)} placeholder="32 hex characters" spellCheck={false} />
      </label>
      <label className="field check">
        <input type="checkbox" checked={form.rootOnly} onChange={(e) => set('rootOnly', e.target.checked)} /> Root spans only
      </label>
      <button className="btn btn-primary" type="submit">
        Search
      </button>
    </form>
  );
}
