/**
 * Who is looking at a page of the portal, and what every page needs to draw itself for them:
 * the navigation of their role, the session's CSRF token for its forms, the CSP nonce.
 */
import type { Principal } from '../shared/auth/principal.ts';
import { roles } from '../shared/measure/vocabulary.ts';

export interface Viewer {
  principal: Principal;
  /** The session's CSRF token, a hidden field of every form. */
  csrf: string;
  /** The Content-Security-Policy nonce of this response, for its one inline script. */
  nonce: string | undefined;
  /** The path asked for, to mark the current entry of the navigation. */
  path: string;
}

export interface NavEntry {
  href: string;
  label: string;
}

/**
 * The navigation of each role; a role without entries (the platform-admin) sees its home only.
 */
export const navigation: Record<Principal['role'], readonly NavEntry[]> = {
  prescriber: [
    { href: '/prescripteur', label: 'Mes prescriptions' },
    { href: '/prescripteur/structures', label: 'Adresser une personne' },
  ],
  referent: [
    { href: '/structure', label: 'Mes dossiers' },
    { href: '/structure/prescriptions', label: 'Prescriptions reçues' },
    { href: '/structure/alertes', label: 'Alertes' },
  ],
  'structure-admin': [
    { href: '/structure', label: 'Dossiers' },
    { href: '/structure/prescriptions', label: 'Prescriptions reçues' },
    { href: '/structure/alertes', label: 'Alertes' },
    { href: '/structure/equipe', label: 'Équipe' },
    { href: '/structure/statistiques', label: 'Statistiques' },
  ],
  funder: [{ href: '/financeur', label: 'Statistiques du territoire' }],
  'platform-admin': [],
};

/** How the header names the person signed in. */
export function whoIs(principal: Principal): string {
  const role = roles.labels[principal.role];
  return 'firstName' in principal && principal.firstName !== undefined
    ? `${principal.firstName} – ${role}`
    : role;
}

/** Whether `entry` is the page shown (or a page under it, for the longest matching entry). */
export function isCurrent(entry: NavEntry, path: string, entries: readonly NavEntry[]): boolean {
  const matches = entries.filter(
    (candidate) => path === candidate.href || path.startsWith(`${candidate.href}/`),
  );
  const best = matches.sort((a, b) => b.href.length - a.href.length)[0];
  return best?.href === entry.href;
}
