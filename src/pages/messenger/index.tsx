/**
 * A messenger's (or 代办党员's) own page: their terms, the big 代邻居反映 of each active one, and
 * what they passed on with its status, each opened on the case page as its resident (replies to
 * tell the neighbour, rating for them).
 */
import { Text, View } from '@tarojs/components';
import { CaseItem } from '../../components/case-parts';
import { termPlace } from '../../components/messenger-parts';
import { Btn, Card, Empty, Screen, Show } from '../../components/ui';
import { request, type OutputOf } from '../../services/api';
import { go, pages } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function MessengerPage() {
  const mine = useRemote(() => request('messenger', 'mine', { page: 1, pageSize: 50 }));
  return (
    <Screen>
      {mine.state === 'error' && mine.error.code === 'FORBIDDEN' ? (
        <Empty text='您还不是民情信使。工作人员邀请您后，会给您一个邀请码。'>
          <Btn kind='primary' big onClick={() => go(pages.enterCode())}>
            输入邀请码
          </Btn>
        </Empty>
      ) : (
        <Show remote={mine}>{(m) => <Passed {...m} />}</Show>
      )}
    </Screen>
  );
}

/** The terms, each active one with its big button, and what was passed on. */
function Passed({ terms, cases }: OutputOf<'messenger', 'mine'>) {
  return (
    <>
      {terms.map((t) => (
        <Card key={t.id} className='term'>
          <Text className='card-title'>{`${t.kindText} · ${termPlace(t)}`}</Text>
          {t.active ? (
            <Btn kind='primary' big onClick={() => go(pages.passOn(t.id))}>
              {t.kind === 'errand' ? '代群众办事' : '代邻居反映'}
            </Btn>
          ) : (
            <Text className='hint'>任期已经结束。您代反映的事还可以在下面查看。</Text>
          )}
        </Card>
      ))}
      <Text className='card-title'>我代反映的事</Text>
      {cases.items.length === 0 ? (
        <Empty text='还没有代邻居反映过事情。' />
      ) : (
        <View>
          <Text className='small'>{`共 ${cases.total} 件，点开看答复，可以替邻居评价`}</Text>
          {cases.items.map((c) => (
            <CaseItem key={c.id} c={c} note={`替${c.neighbour}反映`} onOpen={() => go(pages.case(c.id))} />
          ))}
        </View>
      )}
    </>
  );
}
