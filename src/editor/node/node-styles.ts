import type { CSSProperties } from 'react';

/** The node's look, inline so it needs no stylesheet; each element also carries an `fsms-` class. */
export const nodeStyles = {
  root: {
    minWidth: 220,
    maxWidth: 260,
    background: '#fff',
    // Longhands, so the selected style can swap the colour without React dropping the border.
    borderWidth: 1,
    borderStyle: 'solid',
    borderColor: '#b8c2cc',
    borderRadius: 8,
    fontSize: 12,
    color: '#1f2933',
    boxShadow: '0 1px 2px rgba(0,0,0,0.08)',
  },
  selected: { borderColor: '#2563eb', boxShadow: '0 0 0 2px rgba(37,99,235,0.35)' },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: 6,
    padding: '6px 8px',
    borderBottom: '1px solid #e4e7eb',
  },
  icon: { fontSize: 14 },
  label: { fontWeight: 600, flex: 1 },
  problems: {
    background: '#b91c1c',
    color: '#fff',
    borderRadius: 10,
    padding: '0 6px',
    fontSize: 11,
    fontWeight: 600,
  },
  warnings: { background: '#92400e' },
  body: { padding: '6px 8px', display: 'grid', gap: 3 },
  title: { fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  firstLine: { color: '#3e4c59', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  meta: { display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'center', color: '#52606d' },
  badge: { background: '#eef2f7', borderRadius: 4, padding: '0 4px' },
  ucsBadge: { background: '#fff4d6', color: '#7a4a00' },
  branches: { borderTop: '1px solid #e4e7eb', padding: '4px 0' },
  branch: { position: 'relative', textAlign: 'right', padding: '2px 14px 2px 8px', color: '#52606d' },
  handle: { width: 9, height: 9 },
} satisfies Record<string, CSSProperties>;
