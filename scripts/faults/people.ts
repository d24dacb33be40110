/** The storm's people: names and contacts drawn from a seed, so a run can be replayed. */

/** A person referred during the storm: distinctive values that must never reach a log. */
export interface StormPerson {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
}

/** Letters from a number: 0 → a, 25 → z, 26 → ba… (names accept letters only). */
export function letters(n: number): string {
  let text = '';
  let rest = n;
  do {
    text = String.fromCharCode(97 + (rest % 26)) + text;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return text;
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function stormPerson(seed: number, index: number): StormPerson {
  const code = letters(seed * 1_000 + index);
  return {
    firstName: `Orageline${code}`,
    lastName: `Tempête${capitalised(code)}`,
    email: `orageline.${code}@panne.example`,
    phone: `0692 ${String(700_000 + ((seed * 7_919 + index) % 300_000)).replace(/(\d{2})(\d{2})(\d{2})/, '$1 $2 $3')}`,
  };
}
