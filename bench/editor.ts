import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { percentileOf } from './harness/measure';
import { formatDuration, formatRatio } from './harness/report';
import type { BenchContext, Benchmark, BenchSection, ReportTable } from './harness/types';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const PAGE_DIR = join(ROOT, 'bench/editor-page');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const NODES = 1_000;
const VARIABLES = 5_000;
const EDITED_NODE = 'sms-41';
const PLAN = {
  quick: { loads: 3, moves: 90, keystrokes: 30 },
  full: { loads: 10, moves: 300, keystrokes: 150 },
} as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** The built page, served as static files (a production build: React without its development checks). */
async function serveBuild(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

type Kind = 'sms' | 'default' | 'inspector';

async function openCanvas(
  browser: Browser,
  url: string,
  kind: Kind,
): Promise<{ page: Page; firstRenderMs: number }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const query =
    kind === 'inspector'
      ? `?kind=inspector&count=${NODES}&variables=${VARIABLES}`
      : `?kind=${kind}&count=${NODES}`;
  await page.goto(`${url}${query}`);
  await page.waitForFunction(
    () => window.__bench?.firstRenderMs !== undefined || window.__bench?.error,
    null,
    {
      timeout: 120_000,
    },
  );
  const { firstRenderMs, error } = await page.evaluate(() => ({
    firstRenderMs: window.__bench.firstRenderMs,
    error: window.__bench.error,
  }));
  if (error || firstRenderMs === undefined) throw new Error(`The ${kind} canvas failed: ${error}`);
  return { page, firstRenderMs };
}

/** Frame intervals while the mouse drags from `from` by `moves` small steps. */
async function framesWhileDragging(
  page: Page,
  from: { x: number; y: number },
  moves: number,
): Promise<number[]> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.evaluate(() => window.__bench.startFrames());
  for (let k = 1; k <= moves; k++) {
    const angle = (k / moves) * Math.PI * 2;
    await page.mouse.move(from.x + 120 * Math.sin(angle) + k, from.y + 80 * (1 - Math.cos(angle)));
  }
  await page.mouse.up();
  return page.evaluate(() => window.__bench.stopFrames());
}

interface CanvasFigures {
  firstRender: number[];
  pan: number[];
  drag: number[];
  /** Node renders counted while panning and while dragging (Send SMS canvas only). */
  panRenders: number;
  dragRenders: number;
  /** DOM elements inside one node, on average: what the browser lays out and paints per node. */
  elementsPerNode: number;
}

async function measureCanvas(
  context: BenchContext,
  browser: Browser,
  url: string,
  kind: 'sms' | 'default',
  figures: CanvasFigures,
  interact: boolean,
): Promise<void> {
  const { page, firstRenderMs } = await openCanvas(browser, url, kind);
  figures.firstRender.push(firstRenderMs);
  if (interact) {
    const moves = PLAN[context.mode].moves;
    // The pane's left margin (fitView leaves one) is empty: dragging there pans.
    figures.elementsPerNode = await page.evaluate(() => {
      const nodes = [...document.querySelectorAll('.react-flow__node')];
      return nodes.reduce((sum, node) => sum + node.querySelectorAll('*').length + 1, 0) / nodes.length;
    });
    const renders = () =>
      page.evaluate(() => Object.values(window.__bench.takeRenders()).reduce((a, b) => a + b, 0));
    await renders();
    figures.pan.push(...(await framesWhileDragging(page, { x: 6, y: 400 }, moves)));
    figures.panRenders += await renders();
    const box = await page.locator('.react-flow__node').nth(41).boundingBox();
    if (!box) throw new Error(`No node 41 on the ${kind} canvas`);
    const center = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    figures.drag.push(...(await framesWhileDragging(page, center, moves)));
    figures.dragRenders += await renders();
  }
  await page.close();
}

interface KeystrokeFigures {
  firstRenderMs: number;
  latencies: number[];
  editedRenders: number[];
  otherRenders: number[];
  otherNodesTouched: number;
}

async function measureKeystrokes(
  context: BenchContext,
  browser: Browser,
  url: string,
): Promise<KeystrokeFigures> {
  const { page, firstRenderMs } = await openCanvas(browser, url, 'inspector');
  const editor = page.locator('.fsms-inspector .cm-content').first();
  await editor.waitFor({ timeout: 60_000 });
  await editor.click();
  await page.keyboard.press('Control+End');
  // Let the analysis of the opened node settle before counting.
  await page.waitForTimeout(500);
  await page.evaluate(() => window.__bench.takeRenders());
  const figures: KeystrokeFigures = {
    firstRenderMs,
    latencies: [],
    editedRenders: [],
    otherRenders: [],
    otherNodesTouched: 0,
  };
  const touched = new Set<string>();
  let typed = '';
  for (let k = 0; k < PLAN[context.mode].keystrokes; k++) {
    const key = 'abcdefghijklmnopqrstuvwxyz'[k % 26]!;
    typed += key;
    await page.evaluate((suffix) => window.__bench.expectPreview(suffix), typed);
    await page.keyboard.press(key);
    await page.waitForFunction((count) => window.__bench.latencies.length >= count, k + 1, {
      timeout: 30_000,
    });
    // Renders that follow the preview (analysis results landing) still belong to this keystroke.
    await page.waitForTimeout(150);
    const renders = await page.evaluate(() => window.__bench.takeRenders());
    figures.editedRenders.push(renders[EDITED_NODE] ?? 0);
    let others = 0;
    for (const [id, count] of Object.entries(renders)) {
      if (id === EDITED_NODE) continue;
      others += count;
      touched.add(id);
    }
    figures.otherRenders.push(others);
  }
  figures.latencies = await page.evaluate(() => window.__bench.latencies);
  figures.otherNodesTouched = touched.size;
  await page.close();
  return figures;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const median = (values: readonly number[]) => percentileOf(values, 50);

function missingPieces(): string | undefined {
  for (const file of ['src/editor/index.ts', 'src/plugin.ts']) {
    if (!existsSync(join(ROOT, file))) return `${file} does not exist yet`;
  }
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install -y chromium)`;
  return undefined;
}

async function run(context: BenchContext): Promise<BenchSection> {
  const missing = missingPieces();
  if (missing) return { title: 'Editor in Chromium', tables: [], skipped: missing };
  const outDir = mkdtempSync(join(tmpdir(), 'flow-sms-editor-page-'));
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    context.log('editor: building the bench page');
    await build({ configFile: join(PAGE_DIR, 'vite.config.ts'), build: { outDir, emptyOutDir: true } });
    const served = await serveBuild(outDir);
    server = served.server;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

    const noFigures = (): CanvasFigures => ({
      firstRender: [],
      pan: [],
      drag: [],
      panRenders: 0,
      dragRenders: 0,
      elementsPerNode: 0,
    });
    const sms = noFigures();
    const plain = noFigures();
    const loads = PLAN[context.mode].loads;
    for (let round = 0; round < loads; round++) {
      // Alternate which canvas loads first; interact on the last load only (caches are warm by then).
      const last = round === loads - 1;
      const order: ('sms' | 'default')[] = round % 2 === 0 ? ['sms', 'default'] : ['default', 'sms'];
      for (const kind of order) {
        context.log(`editor: ${kind} canvas, load ${round + 1}/${loads}${last ? ' + pan and drag' : ''}`);
        await measureCanvas(context, browser, served.url, kind, kind === 'sms' ? sms : plain, last);
      }
    }
    context.log(`editor: ${PLAN[context.mode].keystrokes} keystrokes with ${VARIABLES} upstream variables`);
    const keys = await measureKeystrokes(context, browser, served.url);

    const frameRow = (what: string, ours: number[], theirs: number[], p: number) => {
      const a = percentileOf(ours, p);
      const b = percentileOf(theirs, p);
      return [what, formatDuration(a), 'React Flow default nodes', formatDuration(b), formatRatio(b / a)];
    };
    const canvas: ReportTable = {
      title: `Canvas of ${NODES.toLocaleString('en-US')} nodes in Chromium (headless, software rendering)`,
      columns: ['what', 'flow-sms', 'peer', 'peer figure', 'ratio'],
      rows: [
        [
          'first render (median of loads)',
          formatDuration(median(sms.firstRender)),
          'React Flow default nodes',
          formatDuration(median(plain.firstRender)),
          formatRatio(median(plain.firstRender) / median(sms.firstRender)),
        ],
        frameRow('frame time while panning, p50', sms.pan, plain.pan, 50),
        frameRow('frame time while panning, p95', sms.pan, plain.pan, 95),
        frameRow('frame time while dragging a node, p50', sms.drag, plain.drag, 50),
        frameRow('frame time while dragging a node, p95', sms.drag, plain.drag, 95),
        [
          'DOM elements per node',
          sms.elementsPerNode.toFixed(0),
          'React Flow default nodes',
          plain.elementsPerNode.toFixed(0),
          formatRatio(plain.elementsPerNode / sms.elementsPerNode),
        ],
      ],
      notes: [
        `First render: from \`render()\` until all ${NODES.toLocaleString('en-US')} nodes are measured and visible, plus one frame; ${loads} loads per canvas, alternating. The flow-sms canvas includes the plugin Provider (flow analysis and validation of every node).`,
        `Chromium runs with --disable-gpu (software raster and compositing), which makes painting, and so frame times, costlier than on a desktop with a GPU. Frames: intervals between animation frames (16.7 ms = 60 fps) during ${PLAN[context.mode].moves} mouse moves, on the same grid and edges with fitView; ${sms.pan.length} and ${plain.pan.length} frames while panning.`,
        `Send SMS node renders (React Profiler): ${sms.panRenders} while panning, ${sms.dragRenders} while dragging one node. The page uses React DOM's profiling build on both canvases.`,
      ],
    };
    const inspector: ReportTable = {
      title: `Inspector: typing in the message with ${VARIABLES.toLocaleString('en-US')} upstream variables, ${NODES.toLocaleString('en-US')} Send SMS nodes on the canvas`,
      columns: ['what', 'flow-sms'],
      rows: [
        ['keystroke to preview, p50', formatDuration(percentileOf(keys.latencies, 50))],
        ['keystroke to preview, p95', formatDuration(percentileOf(keys.latencies, 95))],
        ['renders of the edited node per keystroke (mean)', mean(keys.editedRenders).toFixed(2)],
        ['renders of all other Send SMS nodes per keystroke (mean)', mean(keys.otherRenders).toFixed(2)],
        ['other Send SMS nodes that re-rendered at all', String(keys.otherNodesTouched)],
        ['first render of this page', formatDuration(keys.firstRenderMs)],
      ],
      notes: [
        `${keys.latencies.length} keystrokes typed at the end of an inline message (CodeMirror), one at a time; latency runs from the keydown event to the first animation frame after the preview shows the character. Renders: React Profiler around each canvas node, counted until 150 ms after the preview updates.`,
        `Target: only the edited node re-renders: ${keys.otherNodesTouched === 0 ? 'met' : `NOT met (${keys.otherNodesTouched} other nodes re-rendered)`}.`,
        'No peer: no other React Flow node offers a templated SMS editor with a live preview.',
      ],
    };
    const headline = [
      canvas.rows[0]!.map((cell, i) =>
        i === 0 ? `first render, ${NODES.toLocaleString('en-US')} nodes` : cell,
      ),
      canvas.rows[1]!.map((cell, i) => (i === 0 ? 'frame time while panning, p50' : cell)),
      [
        `keystroke to preview p50 / p95, ${VARIABLES.toLocaleString('en-US')} variables`,
        `${inspector.rows[0]![1]} / ${inspector.rows[1]![1]}`,
        '—',
        '—',
        '—',
      ],
    ];
    return { title: 'Editor in Chromium', tables: [canvas, inspector], headline };
  } finally {
    await browser?.close();
    server?.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

export const editorBenchmark: Benchmark = {
  id: 'editor',
  title: 'Editor in Chromium',
  run,
};
