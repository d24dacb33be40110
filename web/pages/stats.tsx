/**
 * The statistics dashboard, for a funder (its territory, small cells masked) and for a
 * structure-admin (its structure): the period chosen, three charts drawn on the server as SVG —
 * exits by outcome as bars, entries and exits month by month as lines, the two rates against the
 * measure's targets as bars with the targets as reference lines — then every table, each with its
 * CSV download. The charts say nothing the tables do not: each has a title and a description,
 * and the tables carry the figures for screen readers and printing.
 */

import { exitOutcomes } from '../../shared/measure/vocabulary.ts';
import { type Dashboard, monthLabel, type Table } from '../../shared/stats/dashboard.ts';
import type { Figure } from '../../shared/stats/indicators.ts';
import { type Column, DataTable } from '../components/table.tsx';
import { Layout } from '../layout.tsx';
import type { Viewer } from '../viewer.ts';

export interface PeriodChoice {
  id: string;
  label: string;
}

/** The periods one can choose: the years given, and each of their months. */
export function periodChoices(years: readonly string[]): PeriodChoice[] {
  return years.flatMap((year) => [
    { id: year, label: `Année ${year}` },
    ...Array.from({ length: 12 }, (_, index) => {
      const month = `${year}-${String(index + 1).padStart(2, '0')}`;
      return { id: month, label: monthLabel(month) };
    }),
  ]);
}

export function StatsPage({
  viewer,
  dashboard,
  choices,
  action,
}: {
  viewer: Viewer;
  dashboard: Dashboard;
  choices: readonly PeriodChoice[];
  /** Where the period form and the CSV links go: `/financeur` or `/structure/statistiques`. */
  action: string;
}) {
  const heading =
    dashboard.audience === 'funder'
      ? `Statistiques du territoire – ${dashboard.title}`
      : `Statistiques de la structure – ${dashboard.title}`;
  const csv = (table: string) =>
    `${action}/export?period=${encodeURIComponent(dashboard.period.id)}&table=${table}`;
  return (
    <Layout title={`${heading} – ${dashboard.period.label}`} viewer={viewer}>
      <h1>{heading}</h1>
      <p class="lead">{dashboard.period.label}</p>
      <form method="get" action={action} class="filters">
        <div class="field">
          <label for="period">Période</label>
          <select id="period" name="period">
            {choices.map((choice) => (
              <option value={choice.id} selected={choice.id === dashboard.period.id}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        <p class="field">
          <button type="submit" class="button secondary">
            Afficher
          </button>
        </p>
      </form>
      <p class="notice">{dashboard.note}</p>
      <p>
        Cibles de la mesure : taux de sorties positives{' '}
        {percent(dashboard.targets.positiveExitRate)}, taux d’insertion professionnelle{' '}
        {percent(dashboard.targets.insertionRate)}. Définitions des indicateurs :{' '}
        <a href="/aide#indicateurs">aide</a>.
      </p>

      <h2>En un coup d’œil</h2>
      <div class="charts">
        <OutcomesChart dashboard={dashboard} />
        <MonthlyChart dashboard={dashboard} />
        <TargetsChart dashboard={dashboard} />
      </div>

      {dashboard.tables.map((table) => (
        <StatsTable table={table} csvHref={csv(table.id)} />
      ))}
      <h2 id="mensuel">Mois par mois – {dashboard.series.label}</h2>
      <DataTable
        id="table-mensuel"
        caption={`Entrées, sorties et personnes accompagnées par mois – ${dashboard.series.label}`}
        rows={dashboard.series.points}
        empty="Aucun mois."
        columns={[
          { header: 'Mois', cell: (point) => point.label },
          { header: 'Entrées', cell: (point) => point.entries.display, numeric: true },
          { header: 'Sorties', cell: (point) => point.exits.display, numeric: true },
          {
            header: 'Personnes accompagnées',
            cell: (point) => point.supported.display,
            numeric: true,
          },
        ]}
      />
      <p>
        <a href={csv('mensuel')} download>
          Télécharger « Mois par mois » (CSV)
        </a>
      </p>
    </Layout>
  );
}

function StatsTable({ table, csvHref }: { table: Table; csvHref: string }) {
  const columns: Column<Table['rows'][number]>[] = [
    { header: 'Périmètre', cell: (row) => row.scope.label },
    ...table.columns.map(
      (column, index): Column<Table['rows'][number]> => ({
        header:
          column.target === undefined
            ? column.label
            : `${column.label} (cible ${percent(column.target)})`,
        cell: (row) => <FigureCell figure={row.cells[index]} />,
        numeric: true,
      }),
    ),
  ];
  return (
    <section aria-labelledby={`titre-${table.id}`}>
      <h2 id={`titre-${table.id}`}>{table.title}</h2>
      <DataTable
        id={`table-${table.id}`}
        caption={table.title}
        columns={columns}
        rows={table.rows}
        empty="Aucune donnée pour cette période."
      />
      <p>
        <a href={csvHref} download>
          Télécharger « {table.title} » (CSV)
        </a>
      </p>
    </section>
  );
}

function FigureCell({ figure }: { figure: Figure | undefined }) {
  if (figure === undefined) return <span>–</span>;
  if (figure.suppressed === 'small-count') {
    return <abbr title="effectif inférieur à 5, masqué">{figure.display}</abbr>;
  }
  if (figure.suppressed === 'small-denominator') {
    return <abbr title="non significatif : moins de 5 personnes">{figure.display}</abbr>;
  }
  return <span>{figure.display}</span>;
}

function percent(share: number): string {
  return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(share * 100)} %`;
}

const chartWidth = 480;

/** Horizontal bars: the exits of the first scope by outcome; a masked count is said, not drawn. */
function OutcomesChart({ dashboard }: { dashboard: Dashboard }) {
  const table = dashboard.tables.find((candidate) => candidate.id === 'sorties');
  const row = table?.rows[0];
  const bars = exitOutcomes.codes.map((code) => {
    const index = table?.columns.findIndex((column) => column.id === `outcome.${code}`) ?? -1;
    return { label: exitOutcomes.labels[code], figure: row?.cells[index] };
  });
  const max = Math.max(1, ...bars.map((bar) => bar.figure?.value ?? 0));
  const barHeight = 22;
  const labelWidth = 250;
  const height = bars.length * barHeight + 10;
  const scope = row?.scope.label ?? dashboard.title;
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${chartWidth} ${height}`}
        role="img"
        aria-labelledby="graphique-sorties-titre graphique-sorties-description"
      >
        <title id="graphique-sorties-titre">Sorties par motif – {scope}</title>
        <desc id="graphique-sorties-description">
          {bars.map((bar) => `${bar.label} : ${bar.figure?.display ?? '–'}`).join(' ; ')}
        </desc>
        {bars.map((bar, index) => {
          const y = index * barHeight + 4;
          const value = bar.figure?.value ?? 0;
          const width = ((chartWidth - labelWidth - 60) * value) / max;
          return (
            <g>
              <text x={labelWidth - 6} y={y + 14} text-anchor="end" class="chart-label">
                {shorten(bar.label, 38)}
              </text>
              <rect x={labelWidth} y={y + 3} width={width} height={barHeight - 8} class="bar" />
              <text x={labelWidth + width + 6} y={y + 14} class="chart-value">
                {bar.figure?.display ?? '–'}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>Sorties de la période par motif – {scope}</figcaption>
    </figure>
  );
}

/** Two lines over the months: entries and exits; a masked month is left out of its line. */
function MonthlyChart({ dashboard }: { dashboard: Dashboard }) {
  const points = dashboard.series.points;
  const height = 220;
  const left = 40;
  const bottom = height - 40;
  const top = 16;
  const max = Math.max(
    1,
    ...points.flatMap((point) => [point.entries.value ?? 0, point.exits.value ?? 0]),
  );
  const x = (index: number) =>
    left + ((chartWidth - left - 16) * index) / Math.max(1, points.length - 1);
  const y = (value: number) => bottom - ((bottom - top) * value) / max;
  const line = (pick: (point: (typeof points)[number]) => Figure) =>
    points
      .map((point, index) => ({ index, value: pick(point).value }))
      .filter((point): point is { index: number; value: number } => point.value !== null)
      .map((point) => `${x(point.index).toFixed(1)},${y(point.value).toFixed(1)}`)
      .join(' ');
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${chartWidth} ${height}`}
        role="img"
        aria-labelledby="graphique-mois-titre graphique-mois-description"
      >
        <title id="graphique-mois-titre">
          Entrées et sorties par mois – {dashboard.series.label}
        </title>
        <desc id="graphique-mois-description">
          {points
            .map(
              (point) =>
                `${point.label} : ${point.entries.display} entrée(s), ${point.exits.display} sortie(s)`,
            )
            .join(' ; ')}
        </desc>
        <line x1={left} y1={bottom} x2={chartWidth - 8} y2={bottom} class="axis" />
        <line x1={left} y1={top} x2={left} y2={bottom} class="axis" />
        <text x={left - 6} y={top + 4} text-anchor="end" class="chart-label">
          {max}
        </text>
        <text x={left - 6} y={bottom} text-anchor="end" class="chart-label">
          0
        </text>
        {points.map((point, index) =>
          index % 2 === 0 ? (
            <text x={x(index)} y={bottom + 16} text-anchor="middle" class="chart-label">
              {point.label.slice(0, 3)}
            </text>
          ) : null,
        )}
        <polyline points={line((point) => point.entries)} class="line-entries" />
        <polyline points={line((point) => point.exits)} class="line-exits" />
        <rect x={left + 10} y={height - 14} width={14} height={4} class="legend-entries" />
        <text x={left + 30} y={height - 8} class="chart-label">
          Entrées
        </text>
        <rect x={left + 110} y={height - 14} width={14} height={4} class="legend-exits" />
        <text x={left + 130} y={height - 8} class="chart-label">
          Sorties (pointillés)
        </text>
      </svg>
      <figcaption>Entrées et sorties mois par mois – {dashboard.series.label}</figcaption>
    </figure>
  );
}

/** The two rates of each scope as bars, the measure's targets as dashed reference lines. */
function TargetsChart({ dashboard }: { dashboard: Dashboard }) {
  const summary = dashboard.tables.find((candidate) => candidate.id === 'synthese');
  const column = (id: string) =>
    summary?.columns.findIndex((candidate) => candidate.id === id) ?? -1;
  const positive = column('positiveExitRate');
  const insertion = column('insertionRate');
  const rows = (summary?.rows ?? []).slice(0, 8);
  const groupHeight = 44;
  const labelWidth = 170;
  const height = rows.length * groupHeight + 40;
  const scale = (share: number) => labelWidth + (chartWidth - labelWidth - 60) * share;
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${chartWidth} ${height}`}
        role="img"
        aria-labelledby="graphique-cibles-titre graphique-cibles-description"
      >
        <title id="graphique-cibles-titre">
          Taux de sorties positives et d’insertion, et cibles
        </title>
        <desc id="graphique-cibles-description">
          {`Cibles : sorties positives ${percent(dashboard.targets.positiveExitRate)}, insertion ${percent(dashboard.targets.insertionRate)}. `}
          {rows
            .map(
              (row) =>
                `${row.scope.label} : sorties positives ${row.cells[positive]?.display ?? '–'}, insertion ${row.cells[insertion]?.display ?? '–'}`,
            )
            .join(' ; ')}
        </desc>
        {rows.map((row, index) => {
          const y = index * groupHeight + 6;
          const bar = (cell: Figure | undefined, offset: number, kind: string) => (
            <g>
              <rect
                x={labelWidth}
                y={y + offset}
                width={Math.max(0, scale(cell?.value ?? 0) - labelWidth)}
                height={14}
                class={kind}
              />
              <text x={scale(cell?.value ?? 0) + 6} y={y + offset + 11} class="chart-value">
                {cell?.display ?? '–'}
              </text>
            </g>
          );
          return (
            <g>
              <text x={labelWidth - 6} y={y + 20} text-anchor="end" class="chart-label">
                {shorten(row.scope.label, 26)}
              </text>
              {bar(row.cells[positive], 2, 'bar')}
              {bar(row.cells[insertion], 19, 'bar-alt')}
            </g>
          );
        })}
        {[
          { share: dashboard.targets.positiveExitRate, label: 'cible sorties positives' },
          { share: dashboard.targets.insertionRate, label: 'cible insertion' },
        ].map((target, index) => (
          <g>
            <line
              x1={scale(target.share)}
              y1={2}
              x2={scale(target.share)}
              y2={height - 26}
              class="target-line"
            />
            <text
              x={scale(target.share)}
              y={height - 14 + index * 10}
              text-anchor="middle"
              class="chart-label"
            >
              {`${target.label} ${percent(target.share)}`}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        Barre foncée : taux de sorties positives ; barre claire : taux d’insertion ; traits
        pointillés : les cibles.
      </figcaption>
    </figure>
  );
}

function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
