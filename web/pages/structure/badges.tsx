import type { AlertView } from '../../../shared/alerts/alert-view.ts';
import { casePhases, referralStatuses } from '../../../shared/measure/vocabulary.ts';
import { Badge } from '../../components/table.tsx';

const statusTones = {
  submitted: 'info',
  accepted: 'success',
  declined: 'danger',
  withdrawn: 'neutral',
  expired: 'warning',
} as const;

/** A referral's status, in words and colour. */
export function StatusBadge({ status }: { status: keyof typeof statusTones }) {
  return <Badge tone={statusTones[status]}>{referralStatuses.labels[status]}</Badge>;
}

const phaseTones = {
  intake: 'info',
  'period-1': 'success',
  'period-2': 'success',
  exited: 'neutral',
} as const;

/** A case's phase, in words and colour. */
export function PhaseBadge({ phase }: { phase: keyof typeof phaseTones }) {
  return <Badge tone={phaseTones[phase]}>{casePhases.labels[phase]}</Badge>;
}

/** The open alerts of a case, counted, each named. */
export function AlertBadges({ alerts }: { alerts: readonly AlertView[] }) {
  if (alerts.length === 0) return <span class="muted">Aucune</span>;
  return (
    <ul class="plain">
      {alerts.map((alert) => (
        <li>
          <Badge tone="danger">{alert.kindLabel}</Badge>
        </li>
      ))}
    </ul>
  );
}
