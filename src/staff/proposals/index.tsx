/**
 * 提议提案: one page, in sections by the caller's roles. A representative's desk — the collection
 * window open today, 提建议, their own proposals and others' circulating for 附议; the units' and
 * county leaders' proposals to handle (承办); the office's and its committee's review list (审查).
 */
import { Text, View } from '@tarojs/components';
import type { RoleGrant } from '../../../types/domain';
import type { ProposalView as Proposal } from '../../server/usecases/proposals';
import { ProposalList } from '../../components/proposal-parts';
import { Btn, Card, ErrorBanner, Screen, Show } from '../../components/ui';
import { call, request } from '../../services/api';
import { fullDate } from '../../services/format';
import { go, pages } from '../../services/nav';
import { useRemote } from '../../services/remote';
import { useSend } from '../../services/send';

export default function ProposalsPage() {
  const me = useRemote(() => request('staff', 'me'));
  return (
    <Screen>
      <Show remote={me}>
        {(m) => {
          const repId = m.grants.find((g) => g.role === 'representative')?.representativeId;
          const office = m.grants.some((g) => g.role === 'office');
          return (
            <>
              {repId && <Desk repId={repId} />}
              {handles(m.grants) && <Assigned />}
              {(office || repId) && <Review office={office} />}
            </>
          );
        }}
      </Show>
    </Screen>
  );
}

/** Units' handlers and county supervisors have proposals to handle or press. */
const handles = (grants: readonly RoleGrant[]) => grants.some((g) => g.role === 'handler' || (g.role === 'supervisor' && g.level === 'county'));

function Desk({ repId }: { repId: string }) {
  const desk = useRemote(() => request('proposal', 'desk'));
  return (
    <Show remote={desk}>
      {(d) => (
        <>
          {d.window ? (
            <Card className='proposal-window'>
              <Text className='card-title'>{`正在征集提案：${d.window.name}`}</Text>
              <Text className='block'>{`${fullDate(d.window.from)} 至 ${fullDate(d.window.to)}`}</Text>
              <Text className='small'>征集期内可以提出提案；其他时间可以随时提出提议。</Text>
            </Card>
          ) : (
            <Text className='hint'>现在不在提案征集期，可以随时提出提议。</Text>
          )}
          <View className='propose'>
            <Btn kind='primary' big onClick={() => void go(pages.proposal())}>
              提建议
            </Btn>
          </View>
          <ProposalList title='我提出的' empty='您还没有提出过提议、提案' items={d.mine} />
          <ProposalList title='请您附议' empty='现在没有别的代表在征集附议' items={d.circulating}>
            {(p) => <Cosign p={p} repId={repId} onDone={desk.reload} />}
          </ProposalList>
        </>
      )}
    </Show>
  );
}

/** 附议 in place: one tap, the server's word if it refuses. */
function Cosign({ p, repId, onDone }: { p: Proposal; repId: string; onDone: () => void }) {
  const { sending, error, send } = useSend();
  if (p.cosigners.some((c) => c.representativeId === repId)) return <Text className='small cosigned'>✓ 您已附议</Text>;
  return (
    <View className='cosign'>
      <Btn kind='primary' loading={sending !== null} onClick={() => void send('cosign', call('proposal', 'cosign', { proposalId: p._id }), '已附议', onDone)}>
        附议
      </Btn>
      <ErrorBanner error={error} />
    </View>
  );
}

function Assigned() {
  const list = useRemote(() => request('proposal', 'assigned'));
  return <Show remote={list}>{(items) => <ProposalList title='交办的提议提案' empty='现在没有交办给您的提议、提案' items={items} />}</Show>;
}

/**
 * 审查: the office's list; a representative sees it only when they sit on the committee the office
 * named (the server says who: anyone else is refused, and the section stays away).
 */
function Review({ office }: { office: boolean }) {
  const list = useRemote(() => request('proposal', 'county'));
  if (!office && list.state === 'error' && list.error.code === 'FORBIDDEN') return null;
  if (!office && list.data === null) return null;
  return (
    <Show remote={list}>
      {(c) => (
        <>
          <ProposalList title='提交审查的提议提案' empty='还没有提交的提议、提案' items={c.proposals} />
          {c.committee.members.length > 0 && <Text className='small'>{`审查委员：${c.committee.members.map((m) => m.name).join('、')}`}</Text>}
        </>
      )}
    </Show>
  );
}
