/**
 * Local only (h5): pick a demo identity. In the mini-program WeChat says who the caller is; this
 * page is not part of the weapp build.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Btn, Screen, Show } from '../../components/ui';
import { pages } from '../../services/nav';
import { useRemote } from '../../services/remote';
import type { DevIdentity } from '../../components/dev-bar';

const CARD = 'QX0001';

async function identities(): Promise<DevIdentity[]> {
  const res = await fetch('/api/dev/identities', { credentials: 'same-origin' });
  return ((await res.json()) as { data: DevIdentity[] }).data;
}

export default function SigninPage() {
  const list = useRemote(identities);
  const pick = async (who: DevIdentity) => {
    await fetch('/api/dev/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ openid: who.openid }),
    });
    const resident = who.openid.startsWith('dev-resident');
    void Taro.reLaunch({ url: resident ? pages.card(CARD) : pages.workbench() });
  };
  return (
    <Screen>
      <Text className='lead'>本地演示：选择一个身份</Text>
      <Text className='hint'>正式的小程序里由微信确认身份，没有这一步。</Text>
      <Show remote={list}>
        {(all) => (
          <View className='identities'>
            {all.map((who) => (
              <Btn key={who.openid} onClick={() => pick(who)}>
                {who.label}
              </Btn>
            ))}
          </View>
        )}
      </Show>
    </Screen>
  );
}
