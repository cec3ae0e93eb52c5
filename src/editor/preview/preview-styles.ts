import type { CSSProperties } from 'react';

/**
 * The preview's look, inline so the plugin needs no stylesheet from the host; every element also
 * carries an `fsms-` class for hosts that want to restyle it.
 */
export const previewStyles = {
  region: { display: 'grid', gap: 8, fontSize: 13 },
  phone: {
    background: '#f2f2f7',
    border: '1px solid #d1d1d6',
    borderRadius: 18,
    padding: 12,
    maxWidth: 320,
  },
  bubble: {
    margin: 0,
    background: '#e5e5ea',
    color: '#111',
    borderRadius: 16,
    padding: '8px 12px',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    lineHeight: 1.4,
  },
  empty: { margin: 0, color: '#555', fontStyle: 'italic' },
  boundary: {
    display: 'inline-block',
    margin: '0 2px',
    padding: '0 4px',
    borderLeft: '2px solid #b25000',
    color: '#8a3d00',
    fontSize: 10,
    fontWeight: 600,
    verticalAlign: 'super',
  },
  nonGsm: { background: '#ffe08a', color: '#111', borderRadius: 3, padding: '0 1px' },
  stats: { margin: 0, color: '#333' },
  warning: { margin: 0, color: '#7a4a00', background: '#fff4d6', padding: '4px 8px', borderRadius: 4 },
  error: { margin: 0, color: '#8b0000', background: '#fde8e8', padding: '4px 8px', borderRadius: 4 },
  note: { margin: 0, color: '#333' },
  list: { margin: 0, paddingLeft: 18, display: 'grid', gap: 4 },
  samples: { border: '1px solid #ddd', borderRadius: 6, padding: 8, display: 'grid', gap: 6 },
  sampleRow: { display: 'grid', gap: 2 },
} satisfies Record<string, CSSProperties>;
