/**
 * Local only (h5): who you are signed in as, and a link to switch (standing in for the WeChat
 * identity the mini-program has); the local clock, and a button that moves it a day ahead so
 * reminders and overdue cases can be seen without waiting.
 */
import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { dateTime } from '../services/format';
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

interface DevTime {
  now: number;
  /** days the clock was moved ahead since it was set */
  movedDays: number;
}

async function devClock(days?: number): Promise<DevTime | null> {
  try {
    const res = await fetch('/api/dev/clock', days ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ days }) } : {});
    const body = (await res.json()) as { ok: boolean; data: DevTime };
    return body.ok ? body.data : null;
  } catch {
    return null;
  }
}

export function DevBar() {
  const [me, setMe] = useState<DevIdentity | null | undefined>(undefined);
  const [time, setTime] = useState<DevTime | null>(null);
  useEffect(() => {
    void devMe().then(setMe);
    void devClock().then(setTime);
  }, []);
  const ahead = async () => {
    setTime(await devClock(1));
    window.location.reload(); // every page shows the new time's state
  };
  return (
    <View className='dev-bar'>
      <Text className='dev-bar-who'>{me === undefined ? '' : me ? `本地演示：${me.label}` : '本地演示：未登录'}</Text>
      <View className='link' onClick={() => go(pages.signin())}>
        <Text>切换身份</Text>
      </View>
      {time && (
        <>
          <Text className='dev-bar-who'>
            本地时间 {dateTime(time.now)}
            {time.movedDays > 0 ? `（已快进${time.movedDays}天）` : ''}
          </Text>
          <View className='link' onClick={ahead}>
            <Text>快进1天</Text>
          </View>
        </>
      )}
    </View>
  );
}
