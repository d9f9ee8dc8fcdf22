/**
 * Plan and apply against a live server: snapshot → plan → validate (a dry run of `world_apply`, so an
 * unknown typeclass is caught before anything changes) → apply.
 */
import type { MudSession } from '../mud-client/session/mud-session.ts';
import type { DesiredWorld } from './desired-world.ts';
import type { LiveObject } from './live-world.ts';
import { type Plan, planWorld } from './planner.ts';
import { type ApplyResult, applyOperations, fetchSnapshot } from './world-client.ts';

export interface SyncOptions {
  /** Delete seeded objects the file no longer has. */
  prune?: boolean;
}

export interface PlanOutcome {
  plan: Plan;
  live: LiveObject[];
}

export interface ApplyOutcome extends PlanOutcome {
  results: ApplyResult[];
  /** Wall time of the whole apply, snapshot included. */
  ms: number;
}

/** The plan against the live world, validated by the server (nothing changes). */
export async function planLive(
  session: MudSession,
  desired: DesiredWorld,
  options: SyncOptions = {},
): Promise<PlanOutcome> {
  const live = await fetchSnapshot(session);
  const plan = planWorld(desired, live, options);
  if (plan.operations.length > 0)
    await applyOperations(session, plan.operations, { dryRun: true, subjects: plan.subjects });
  return { plan, live };
}

/** Makes the live world match the file: all operations in one transaction, after a dry run. */
export async function applyLive(
  session: MudSession,
  desired: DesiredWorld,
  options: SyncOptions = {},
): Promise<ApplyOutcome> {
  const started = performance.now();
  const { plan, live } = await planLive(session, desired, options);
  const results =
    plan.operations.length > 0
      ? await applyOperations(session, plan.operations, { subjects: plan.subjects })
      : [];
  return { plan, live, results, ms: performance.now() - started };
}

/** "18 created, 1 updated (1 drifted in the game, set back), 0 deleted, 48 unchanged" */
export function applySummary(plan: Plan, options: SyncOptions = {}): string {
  const deleted = options.prune ? plan.prune.length : 0;
  const drifted = plan.drift.length > 0 ? ` (${plan.drift.length} drifted in the game, set back)` : '';
  return `${plan.create.length} created, ${plan.changes.length} updated${drifted}, ${deleted} deleted, ${plan.unchanged} unchanged`;
}
