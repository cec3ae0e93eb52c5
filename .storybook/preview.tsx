import type { Preview } from '@storybook/react-vite';
import '@xyflow/react/dist/style.css';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
