// Taro compiles the pages with Babel (jest and the server use swc and tsx).
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
