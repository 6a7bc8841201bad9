/** Who the audit log names when nobody is signed in (the embedded demo has no accounts). */
export const LOCAL_ACTOR = 'local';

/**
 * Who did it, for the audit log: the signed-in user's id once the request carries one, else
 * LOCAL_ACTOR. Takes any context shape so the tRPC context and route handlers share it.
 */
export function actorOf(ctx: { user?: { id: string } | undefined }): string {
  return ctx.user?.id ?? LOCAL_ACTOR;
}
