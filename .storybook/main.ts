import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
  // The root Vite config builds the library; Storybook builds an app, so library mode and the
  // externals list (which keep React out of the package bundle) must not apply to it.
  viteFinal(config) {
    if (config.build) {
      const {
        lib: _lib,
        rolldownOptions: _external,
        ...build
      } = config.build as typeof config.build & {
        rolldownOptions?: unknown;
      };
      config.build = build;
    }
    return config;
  },
};

export default config;
