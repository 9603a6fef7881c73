// Glob patterns of `unsafe.exclude_task_types`: `*` matches any run of characters, `?` one.

/** Whether `value` matches the glob `pattern` as a whole. */
export function matchesGlob(value: string, pattern: string): boolean {
  const source = pattern
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')
    )
    .join('');
  return new RegExp(`^${source}$`).test(value);
}

/** The types of `types` matched by any of `patterns`. */
export function getExcludedTaskTypes(types: string[], patterns: string[]): string[] {
  return types.filter((type) => patterns.some((pattern) => matchesGlob(type, pattern)));
}
