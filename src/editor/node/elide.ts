let segmenter: Intl.Segmenter | undefined;

/**
 * `text` cut to at most `max` user-perceived characters, with an ellipsis when cut. The node elides
 * in code rather than with CSS `text-overflow`, which needs `overflow: hidden`: a clip per line on
 * every node is what made panning a large canvas slow (each clip is one more paint chunk to layerize).
 */
export function elide(text: string, max: number): string {
  // Every grapheme is at least one code unit, so a short string cannot be over the limit.
  if (text.length <= max) return text;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let count = 0;
  let cut = 0;
  for (const { index } of segmenter.segment(text)) {
    // Where the ellipsis goes if the text turns out longer than `max`: it takes the last place.
    if (count === max - 1) cut = index;
    if (count === max) return `${text.slice(0, cut).trimEnd()}…`;
    count++;
  }
  return text;
}
