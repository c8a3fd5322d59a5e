/**
 * Keeps the selected (or focused) item of a horizontally scrolling strip in view: the
 * header's navigation scrolls sideways at narrow widths (320 px), with its scrollbar hidden.
 */
interface Span {
  left: number;
  right: number;
}

/** The container's scrollLeft that shows `item` (with `margin` to spare), moving as little as possible. */
export function scrollLeftToReveal(container: Span, item: Span, scrollLeft: number, margin = 8): number {
  const offLeft = container.left + margin - item.left;
  if (offLeft > 0) return Math.max(0, scrollLeft - offLeft);
  const offRight = item.right - (container.right - margin);
  // An item wider than the strip keeps its start in view.
  if (offRight > 0) return scrollLeft + Math.min(offRight, -offLeft);
  return scrollLeft;
}

export function revealInStrip(container: HTMLElement, item: Element | null | undefined): void {
  if (!item) return;
  const target = scrollLeftToReveal(container.getBoundingClientRect(), item.getBoundingClientRect(), container.scrollLeft);
  if (target !== container.scrollLeft) container.scrollLeft = target;
}
