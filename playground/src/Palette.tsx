import type { DragEvent } from 'react';

export interface PaletteEntry {
  type: string;
  label: string;
  description: string;
}

export const PALETTE_MIME = 'application/x-flow-node-type';

/** Node types the builder can add: drag onto the canvas, or press the button to add at the centre. */
export function Palette({ entries, onAdd }: { entries: PaletteEntry[]; onAdd(type: string): void }) {
  const onDragStart = (event: DragEvent, type: string) => {
    event.dataTransfer.setData(PALETTE_MIME, type);
    event.dataTransfer.effectAllowed = 'move';
  };
  return (
    <nav className="palette" aria-label="Node palette">
      <h2>Nodes</h2>
      <ul>
        {entries.map((entry) => (
          <li key={entry.type}>
            {/* The visible label is part of the name ("Add Start"), the description is its description. */}
            <button
              type="button"
              className="palette__item"
              draggable
              onDragStart={(event) => onDragStart(event, entry.type)}
              onClick={() => onAdd(entry.type)}
              aria-describedby={`palette-${entry.type}-description`}
              title="Drag onto the canvas, or press Enter to add it at the centre."
            >
              <span className="palette__label">
                <span className="visually-hidden">Add </span>
                {entry.label}
              </span>
              <span className="palette__description" id={`palette-${entry.type}-description`}>
                {entry.description}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
