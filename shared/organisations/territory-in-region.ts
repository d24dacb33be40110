import { territory } from '../common/fields.ts';
import { regionOf, regions } from '../measure/territory.ts';

// Zod runs these checks even when a field inside failed: they look only at well-formed values.

/** A territory whose département lies in its region. */
export const territoryInRegion = territory.check((ctx) => {
  const { region, departement } = ctx.value;
  if (ctx.issues.length > 0 || regionOf(departement) === region) return;
  ctx.issues.push({
    code: 'custom',
    input: departement,
    path: ['departement'],
    message: `le département ${departement} n’est pas dans la région ${region} (${regions[region].name})`,
  });
});
