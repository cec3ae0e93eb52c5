/** A handle's centre sits on the node's 1 px border: half its width, plus half the border, overhangs. */
const overhang = (outerSize: number) => -(outerSize / 2 + 0.5);
/** React Flow's default handle is 6 px plus a 1 px border; the branch handles are a little larger. */
const TARGET_HANDLE = 8;
const SOURCE_HANDLE = 11;
const HEADER_PADDING = 8;
const HEADER_GAP = 6;
/** Space above and below the blocks of the node (header, message, branches). */
const ROW_SPACE = 6;
const TARGET_MARGIN_LEFT = -HEADER_PADDING + overhang(TARGET_HANDLE);

/**
 * The node's look, as one stylesheet the node renders (React hoists it into the document head once,
 * whatever the number of nodes) rather than inline styles: a class is matched once and its computed
 * style shared, where inline styles are set and parsed on every element of every node.
 *
 * Kept cheap to paint, because a canvas shows hundreds of nodes and pans by repainting all of them
 * (measured in Chromium on 1,000 nodes): no box shadow except on the selected node, no clipping
 * (text is elided in code), and handles that sit in the flow of their row instead of being
 * positioned and transformed, since every positioned or transformed box is one more layer that
 * Chromium hit-tests and layerizes on each frame. The `.fsms-node .react-flow__handle` rules
 * outweigh React Flow's own handle rules whatever the stylesheet order.
 */
/**
 * Below this zoom the node's 12 px text is under 4.2 px on screen, which nobody reads, so the node
 * draws its outline, structure and coloured badges only (problems in red, UCS-2 in yellow): text
 * stays in the document for assistive tech and tooltips, but transparent text costs nothing to
 * paint, and it was half the cost of every frame of a pan over 1,000 zoomed-out nodes. React
 * Flow's default minZoom is 0.5, so a host that keeps it never sees this view.
 */
export const ZOOMED_OUT_BELOW = 0.35;
/** Set on React Flow's viewport element by `ZoomedOutSync` while zoomed out that far. */
export const ZOOMED_OUT_CLASS = 'fsms-zoomed-out';

export const NODE_CSS = `
.fsms-node { min-width: 220px; max-width: 260px; padding-bottom: ${ROW_SPACE - 2}px; background: #fff;
  border: 1px solid #b8c2cc; border-radius: 8px; font-size: 12px; color: #1f2933; }
.fsms-node--selected { border-color: #2563eb; box-shadow: 0 0 0 2px rgba(37,99,235,0.35); }
.react-flow__node:focus-visible > .fsms-node { outline: 2px solid #1d4ed8; outline-offset: 2px; }
.fsms-node-header { display: flex; align-items: center; gap: ${HEADER_GAP}px;
  padding: ${ROW_SPACE}px ${HEADER_PADDING}px; border-bottom: 1px solid #e4e7eb; }
.fsms-node-label { font-weight: 600; flex: 1; }
.fsms-node-label::before { content: '\\2709' / ''; margin-right: ${HEADER_GAP}px; font-size: 14px;
  font-weight: normal; }
.fsms-node-problems { background: #b91c1c; color: #fff; border-radius: 10px; padding: 0 6px; font-size: 11px;
  font-weight: 600; }
.fsms-node-problems--warnings { background: #92400e; }
.fsms-node-misregistered { margin: ${ROW_SPACE}px ${HEADER_PADDING}px 0; color: #b91c1c; font-weight: 600; }
.fsms-node-title, .fsms-node-first-line, .fsms-node-meta { margin: 3px ${HEADER_PADDING}px 0;
  overflow-wrap: anywhere; }
.fsms-node-title { margin-top: ${ROW_SPACE}px; font-weight: 600; }
.fsms-node-first-line { color: #3e4c59; }
.fsms-node-meta { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; margin-bottom: ${ROW_SPACE}px;
  color: #52606d; }
.fsms-node-badge { background: #eef2f7; border-radius: 4px; padding: 0 4px; }
.fsms-node-badge--ucs2 { background: #fff4d6; color: #7a4a00; }
.fsms-node-branch { display: flex; align-items: center; justify-content: flex-end; gap: 6px;
  padding: 2px 0 2px ${HEADER_PADDING}px; color: #52606d; }
.fsms-node-meta + .fsms-node-branch { border-top: 1px solid #e4e7eb; padding-top: ${ROW_SPACE}px; }
.fsms-node .react-flow__handle { position: static; transform: none; flex: none; }
.fsms-node .react-flow__handle.source { width: ${SOURCE_HANDLE - 2}px; height: ${SOURCE_HANDLE - 2}px;
  margin-right: ${overhang(SOURCE_HANDLE)}px; }
.fsms-node .react-flow__handle.target { margin-left: ${TARGET_MARGIN_LEFT}px;
  margin-right: ${-(TARGET_HANDLE + TARGET_MARGIN_LEFT) - HEADER_GAP}px; }
.fsms-zoomed-out .fsms-node, .fsms-zoomed-out .fsms-node * { color: transparent; }
.fsms-zoomed-out .fsms-node-badge:not(.fsms-node-badge--ucs2) { background: none; }
.fsms-zoomed-out .fsms-node .react-flow__handle { border-color: transparent; border-radius: 0; }
`;
