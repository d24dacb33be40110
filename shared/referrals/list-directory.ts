import type { Structure } from '../organisations/structure.ts';
import type { PrescriberActor, UseCaseDeps } from '../use-case.ts';
import { inTerritory } from './reach.ts';
import { listDirectory } from './referral-store.ts';

export interface DirectoryEntry {
  id: string;
  name: string;
  kind: Structure['kind'];
  territory: Structure['territory'];
  capacity: number;
  freePlaces: number;
}

/** The structures of the prescriber's territory, with their free places (one Query). */
export function makeListDirectory(deps: UseCaseDeps) {
  return async (actor: PrescriberActor): Promise<DirectoryEntry[]> => {
    const only = actor.departements.length === 1 ? actor.departements[0] : undefined;
    const structures = await listDirectory(deps, actor.region, only);
    return structures
      .filter((structure) => inTerritory(actor, structure))
      .map((structure) => ({
        id: structure.id,
        name: structure.name,
        kind: structure.kind,
        territory: structure.territory,
        capacity: structure.capacity,
        freePlaces: Math.max(0, structure.capacity - structure.activeCases),
      }));
  };
}
