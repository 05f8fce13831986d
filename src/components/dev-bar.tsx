/**
 * Local only (h5): who you are signed in as, and a link to switch. Stands in for the WeChat
 * identity the mini-program has.
 */
import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { go, pages } from '../services/nav';

export interface DevIdentity {
  openid: string;
  name: string;
  label: string;
}

export async function devMe(): Promise<DevIdentity | null> {
  try {
    const res = await fetch('/api/dev/me', { credentials: 'same-origin' });
    const body = (await res.json()) as { ok: boolean; data: DevIdentity | null };
    return body.ok ? body.data : null;
  } catch {
    return null;
  }
}

export function DevBar() {
  const [me, setMe] = useState<DevIdentity | null | undefined>(undefined);
  useEffect(() => {
    void devMe().then(setMe);
  }, []);
  return (
    <View className='dev-bar'>
      <Text className='dev-bar-who'>{me === undefined ? '' : me ? `本地演示：${me.label}` : '本地演示：未登录'}</Text>
      <View className='link' onClick={() => go(pages.signin())}>
        <Text>切换身份</Text>
      </View>
    </View>
  );
}
