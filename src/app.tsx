import Taro from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import './app.css';

// The mini-program reaches its cloud functions through WeChat's cloud; h5 talks HTTP to the local server.
if (process.env.TARO_ENV === 'weapp') Taro.cloud.init({ env: process.env.LIANXIN_CLOUD_ENV || undefined, traceUser: true });

export default function App({ children }: PropsWithChildren) {
  return children;
}
