// A promise tests open by hand, to hold runners at a known point.

export interface Gate {
  promise: Promise<void>;
  open: () => void;
}

export function createGate(): Gate {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
