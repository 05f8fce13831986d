/**
 * Taro build configuration: one codebase built for `weapp` (the WeChat mini-program) and `h5` (the
 * local default and the browser tests), each into its own folder so one build never wipes the other.
 */
import { resolve } from 'node:path';
import { defineConfig } from '@tarojs/cli';
import { deploymentAt } from './env-files';

// the pages share rules, labels and types with the server: compile those folders too
const shared = { include: [resolve(__dirname, '..', 'config'), resolve(__dirname, '..', 'types')] };

export default defineConfig<'webpack5'>(() => {
  const platform = process.env.TARO_ENV ?? 'h5';
  // the deployment (cloud environment, subscribe-message templates) the pages are built for
  const deployment = deploymentAt(resolve(__dirname, '..'));
  return {
    projectName: 'lianxin',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${platform}`,
    plugins: [],
    defineConstants: { LIANXIN_DEPLOYMENT: JSON.stringify(deployment) },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      compile: shared,
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      compile: shared,
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      postcss: {
        autoprefixer: { enable: true },
        cssModules: { enable: false },
      },
    },
  };
});
