import { ROLES, type Role } from './roles';

/** Turning an identity provider's group or role claim into Sightline roles. */

export function rolesFromClaim(value: unknown, roleMap: Record<string, Role>): Role[] {
  const values = typeof value === 'string' ? value.split(/[\s,]+/) : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const roles = new Set<Role>();
  for (const v of values) {
    const mapped = roleMap[v] ?? (ROLES as readonly string[]).find((r) => r === v);
    if (mapped) roles.add(mapped as Role);
  }
  return ROLES.filter((r) => roles.has(r));
}

/** `sre=engineer,finance-audit=auditor` → a claim-value → role map. */
export function parseRoleMap(text: string | undefined): Record<string, Role> {
  const map: Record<string, Role> = {};
  for (const pair of (text ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.lastIndexOf('=');
    const role = pair.slice(eq + 1).trim();
    if (eq <= 0 || !(ROLES as readonly string[]).includes(role)) {
      throw new Error(`"${pair}" is not <claim value>=<role> with a role of ${ROLES.join(', ')}`);
    }
    map[pair.slice(0, eq).trim()] = role as Role;
  }
  return map;
}
