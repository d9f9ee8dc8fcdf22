/** A plan for humans (text) and for scripts (`--json`). */
import type { FieldChange, Plan } from './planner.ts';

export interface PlanJson {
  create: string[];
  update: string[];
  drift: string[];
  unchanged: number;
  /** Seeded objects the file no longer has: deleted by `apply --prune` only. */
  prune: string[];
  /** Live objects neither seeded nor bound by the file (left alone). */
  unmanaged: number;
  /** Field by field: `{ id: [{ field, live, file, cause }] }`. */
  changes: Record<string, FieldChange[]>;
}

export function planJson(plan: Plan): PlanJson {
  return {
    create: plan.create,
    update: plan.update,
    drift: plan.drift,
    unchanged: plan.unchanged,
    prune: plan.prune.map(candidate => candidate.id),
    unmanaged: plan.unmanaged,
    changes: Object.fromEntries(plan.changes.map(change => [change.id, change.fields])),
  };
}

const CAUSE: Record<FieldChange['cause'], string> = {
  file: 'update',
  live: 'drift ',
  both: 'both  ',
};

/** One line per change, then a summary line. */
export function planText(plan: Plan, options: { prune?: boolean } = {}): string {
  const lines: string[] = [];
  for (const id of plan.create) lines.push(`  + create  ${id}`);
  for (const change of plan.changes) {
    for (const field of change.fields) {
      lines.push(
        `  ~ ${CAUSE[field.cause]}  ${change.id} (${change.dbref}) ${field.field}: ${show(field.live)} -> ${show(field.file)}`,
      );
    }
  }
  for (const candidate of plan.prune) {
    const note = options.prune ? '' : '  (kept: apply deletes it only with --prune)';
    lines.push(
      `  - prune   ${candidate.id} (${candidate.dbref} ${candidate.kind} "${candidate.key}")${note}`,
    );
  }
  const pruned = options.prune ? plan.prune.length : 0;
  lines.push(
    `${plan.create.length} to create, ${plan.update.length} to update, ${plan.drift.length} drifted, ` +
      `${pruned} to delete, ${plan.unchanged} unchanged` +
      (plan.unmanaged > 0 ? `; ${plan.unmanaged} live objects not in the file are left alone` : ''),
  );
  if (plan.create.length === 0 && plan.changes.length === 0) lines.push('The live world matches the file.');
  return lines.join('\n');
}

/** A value in one short line: strings quoted and cut, the rest as JSON. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
