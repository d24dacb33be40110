/** What a prescriber and a structure's members may see of the referrals. */

import type { Structure } from '../organisations/structure.ts';
import type { PrescriberActor, StructureActor } from '../use-case.ts';
import type { Referral } from './referral.ts';

/** A structure is in the prescriber's territory: its region, and one of its départements if any. */
export function inTerritory(actor: PrescriberActor, structure: Structure): boolean {
  return (
    structure.territory.region === actor.region &&
    (actor.departements.length === 0 ||
      actor.departements.includes(structure.territory.departement))
  );
}

/**
 * A référent sees the referrals still waiting for an answer (the team decides together); once
 * answered, a referral's person is followed in the case file, by its own référent only. A
 * structure-admin sees every status.
 */
export function seesStatus(actor: StructureActor, status: Referral['status']): boolean {
  return actor.role === 'structure-admin' || status === 'submitted';
}
