export const ROLES = ['engineer', 'auditor', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const PLATFORM: readonly Role[] = ['engineer', 'manager', 'admin'];

/**
 * Who may call each router (the first segment of a procedure path). Ledger data is for auditors;
 * a router missing here is admin-only, so a new router is closed until it is given a line.
 */
export const ACCESS: Readonly<Record<string, readonly Role[] | 'anyone'>> = {
  health: 'anyone',
  auth: 'anyone',
  services: PLATFORM,
  traces: PLATFORM,
  system: PLATFORM,
  slo: PLATFORM,
  circuits: PLATFORM,
  canary: PLATFORM,
  regions: PLATFORM,
  ledger: ['auditor', 'admin'],
  debt: ['manager', 'engineer', 'admin'],
};

export type AccessDecision = 'allowed' | 'unauthenticated' | 'forbidden';

/** `roles` undefined: nobody is signed in. A user with several roles may do what any of them may. */
export function accessTo(procedurePath: string, roles: readonly Role[] | undefined): AccessDecision {
  const area = procedurePath.split('.')[0] ?? '';
  const allowed = ACCESS[area] ?? (['admin'] as const);
  if (allowed === 'anyone') return 'allowed';
  if (!roles) return 'unauthenticated';
  return roles.some((r) => allowed.includes(r)) ? 'allowed' : 'forbidden';
}

/** The areas of the navigation these roles can use (the server checks again on every call). */
export function usableAreas(roles: readonly Role[]): string[] {
  return Object.keys(ACCESS).filter((area) => accessTo(`${area}.any`, roles) === 'allowed');
}
