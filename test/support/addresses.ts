/**
 * Every character an address Appui accepts may hold, found by asking the e-mail check itself
 * (not a list written by hand): each character of the Basic Latin block and a few beyond, tried in
 * the local part and in the domain.
 */
import { emailAddress } from '../../shared/identity/new-user.ts';

const candidates = [
  ...Array.from({ length: 0x80 }, (_, code) => String.fromCharCode(code)),
  'é',
  'ß',
  'ü',
  '中',
  '\u00a0',
  '\u202e',
];

const accepted = (address: string) => emailAddress.safeParse(address).success;

/** One accepted address per character the check lets through, in the local part or the domain. */
export const addressesOfEveryAcceptedCharacter: readonly string[] = candidates.flatMap(
  (character) => [`a${character}b@exemple.fr`, `ab@ex${character}emple.fr`].filter(accepted),
);

/** The characters of those addresses, each once. */
export const acceptedAddressCharacters: readonly string[] = [
  ...new Set(addressesOfEveryAcceptedCharacter.join('')),
].sort();
