import { Hono } from 'hono';
import { type DemoAccount, HomePage } from './pages/home.tsx';

export interface PortalDeps {
  /** Listed on the home page of the local stack; empty in AWS. */
  demoAccounts: readonly DemoAccount[];
}

/** The portal's pages, rendered on the server with Hono JSX. */
export function createPortal({ demoAccounts }: PortalDeps): Hono {
  return new Hono().get('/', (c) => c.html(<HomePage demoAccounts={demoAccounts} />));
}
