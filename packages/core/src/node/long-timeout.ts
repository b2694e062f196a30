/** The longest delay `setTimeout` takes: Node fires a longer one at once, with a TimeoutOverflowWarning. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `setTimeout` for any delay: a delay above {@link MAX_TIMER_MS} (24.8 days) is waited out as
 * a chain of timers, each at most that long, measured against `now` so that the chain ends
 * at the deadline even if a timer fired late. `Infinity` never fires. The timers are unref'd:
 * they never keep the process alive on their own.
 */
export function longTimeout(ms: number, fire: () => void, now: () => number = Date.now): { clear(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (ms === Number.POSITIVE_INFINITY) return { clear() {} };
  const deadline = now() + ms;
  const arm = () => {
    const left = deadline - now();
    if (left <= 0) {
      timer = undefined;
      fire();
      return;
    }
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    timer.unref?.();
  };
  arm();
  return {
    clear() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
