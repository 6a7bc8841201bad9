import type { SessionUser } from '../auth/session';

/** The signed-in user router tests call procedures as (role checks have their own test). */
export const TEST_ADMIN: SessionUser = { id: 'test-admin', name: 'test admin', roles: ['admin'] };
