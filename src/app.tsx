import Taro from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { currentDeployment } from '../config/deployment';
import { listenForPrivacy } from './services/privacy';
import { sendWhenOnline } from './services/waiting';
import './app.css';

// The mini-program reaches its cloud functions through WeChat's cloud; h5 talks HTTP to the local server.
if (process.env.TARO_ENV === 'weapp') Taro.cloud.init({ env: currentDeployment().envId || undefined, traceUser: true });
// WeChat's privacy prompt, answered from whichever page asks (components/ui.tsx PrivacyPrompt)
listenForPrivacy();
// drafts kept while the network was down go now, and whenever it returns
sendWhenOnline();

export default function App({ children }: PropsWithChildren) {
  return children;
}
