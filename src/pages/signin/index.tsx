/**
 * Local only (h5): pick a demo identity. In the mini-program WeChat says who the caller is; this
 * page is not part of the weapp build.
 */
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Btn, Card, Screen, Show } from '../../components/ui';
import { pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';
import type { DevIdentity } from '../../components/dev-bar';

const CARD = 'QX0001';

async function identities(): Promise<DevIdentity[]> {
  const res = await fetch('/api/dev/identities', { credentials: 'same-origin' });
  return ((await res.json()) as { data: DevIdentity[] }).data;
}

/** What each kind of identity does, in a line, in the order of the work. */
const ROLES: Array<[string, string]> = [
  ['群众', '扫联系卡反映问题，查看进度，评价和催办'],
  ['党代表', '受理群众反映，交办，登记接待'],
  ['交办人', '把事项交给村、镇或县里的单位办理'],
  ['承办人', '签收、办理、答复交来的事项'],
  ['督办领导', '查看超期事项，督办'],
  ['办公室', '全县台账、统计、人员和公开栏'],
];

/** The label's role (before ' · ') and the rest. */
const split = (label: string) => {
  const at = label.indexOf(' · ');
  return at < 0 ? ['', label] : [label.slice(0, at), label.slice(at + 3)];
};

export default function SigninPage() {
  const { params } = useRouter();
  // where to go back to once signed in: a page opened without an identity (a printed link, a bookmark)
  const next = param(params, 'next');
  const list = useRemote(identities);
  const pick = async (who: DevIdentity) => {
    await fetch('/api/dev/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ openid: who.openid }),
    });
    const resident = who.openid.startsWith('dev-resident');
    void Taro.reLaunch({ url: next.startsWith('/') ? next : resident ? pages.card(CARD) : pages.workbench() });
  };
  return (
    <Screen>
      <Text className='lead'>本地演示：选择一个身份</Text>
      <Text className='hint'>正式的小程序里由微信确认身份，没有这一步。</Text>
      <Show remote={list}>
        {(all) => (
          <View className='identities'>
            {ROLES.map(([role, does]) => {
              const mine = all.filter((who) => split(who.label)[0] === role);
              return (
                mine.length > 0 && (
                  <Card key={role}>
                    <Text className='card-title'>{role}</Text>
                    <Text className='hint'>{does}</Text>
                    {mine.map((who) => (
                      <Btn key={who.openid} onClick={() => pick(who)}>
                        {split(who.label)[1]}
                      </Btn>
                    ))}
                  </Card>
                )
              );
            })}
          </View>
        )}
      </Show>
    </Screen>
  );
}
