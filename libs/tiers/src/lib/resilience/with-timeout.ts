/**
 * Settles with `promise`, or with what `onTimeout` returns (or throws) once `milliseconds` have
 * passed first. The timer does not keep the process alive and is cleared as soon as either wins.
 */
export function withTimeout<T, F>(
  promise: Promise<T>,
  milliseconds: number,
  onTimeout: () => F,
): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<F>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error);
      }
    }, milliseconds);
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
