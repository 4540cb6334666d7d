/**
 * A vitest reporter that keeps the suite honest about time: a test (or a beforeAll/afterAll hook)
 * that used more than a third of its time limit passes here but may time out on a machine half as
 * fast, so it is listed by name and the run fails. Time limits are safety nets far above what a
 * test needs; figures about speed belong in the benchmarks (`npm run bench`).
 */
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';

/** The share of its limit a test may use. */
const ALLOWED_SHARE = 1 / 3;
/** How many of the tests closest to their limits the summary names, overrun or not. */
const SHOWN = 10;

interface Timing {
  name: string;
  usedMs: number;
  limitMs: number;
}

type HookEntity = TestSuite | TestModule;

function nameOf(entity: TestCase | HookEntity): string {
  const file = entity.type === 'module' ? entity.moduleId : entity.module.moduleId;
  const relative = file.replace(`${process.cwd()}/`, '');
  const project = entity.project.name ? `[${entity.project.name}] ` : '';
  return entity.type === 'module' ? `${project}${relative}` : `${project}${relative} › ${entity.fullName}`;
}

export class TestTimeGuard implements Reporter {
  private readonly timings: Timing[] = [];
  private readonly hookStarts = new Map<string, number>();

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    if (result.state !== 'passed' && result.state !== 'failed') return;
    const limitMs = test.options.timeout ?? test.project.config.testTimeout;
    const usedMs = test.diagnostic()?.duration ?? 0;
    if (limitMs > 0) this.timings.push({ name: nameOf(test), usedMs, limitMs });
  }

  onHookStart(hook: Parameters<NonNullable<Reporter['onHookStart']>>[0]): void {
    if (hook.name === 'beforeAll' || hook.name === 'afterAll') this.hookStarts.set(`${hook.name} ${hook.entity.id}`, performance.now());
  }

  onHookEnd(hook: Parameters<NonNullable<Reporter['onHookEnd']>>[0]): void {
    if (hook.name !== 'beforeAll' && hook.name !== 'afterAll') return;
    const key = `${hook.name} ${hook.entity.id}`;
    const started = this.hookStarts.get(key);
    this.hookStarts.delete(key);
    if (started === undefined) return;
    // Measured here, in the main process, from the runner's reports: accurate to its batching (~tens of ms).
    const usedMs = performance.now() - started;
    const limitMs = hook.entity.project.config.hookTimeout;
    if (limitMs > 0) this.timings.push({ name: `${nameOf(hook.entity as HookEntity)} (${hook.name})`, usedMs, limitMs });
  }

  onTestRunEnd(): void {
    if (this.timings.length === 0) return;
    const share = (t: Timing) => t.usedMs / t.limitMs;
    const line = (t: Timing) => `  ${(t.usedMs / 1000).toFixed(1)} s of ${(t.limitMs / 1000).toFixed(0)} s  ${t.name}`;
    const closest = [...this.timings].sort((a, b) => share(b) - share(a));
    const overruns = closest.filter((t) => share(t) > ALLOWED_SHARE);
    console.log(`\nTest time guard: closest to their time limits (a third is allowed):\n${closest.slice(0, SHOWN).map(line).join('\n')}\n`);
    if (overruns.length === 0) return;
    console.error(
      `Test time guard: ${overruns.length} test(s) or hook(s) used more than a third of their time limit ` +
        `and could time out on a slower machine. Make them do less, or give them a limit that is a safety net:\n` +
        `${overruns.map(line).join('\n')}\n`,
    );
    process.exitCode = 1;
  }
}
