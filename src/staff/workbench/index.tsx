/**
 * 工作台: the work lists the caller's roles give them (representative, assigner, unit handler,
 * supervisor, office), by due date where there is one, overdue marked in words. A caller without
 * a staff role binds one here with the invitation code the office gave them.
 */
import { Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { ApiError } from '../../../types/api';
import type { CaseStatus, StaffRole } from '../../../types/domain';
import { STATUS_TEXT } from '../../domain/labels';
import type { Box } from '../../server/usecases/cases';
import type { Me } from '../../server/usecases/staff';
import { CaseList } from '../../components/case-parts';
import { Btn, Card, Chips, choicesOf, Empty, Field, Screen, Show, spoken, type Choice } from '../../components/ui';
import { call, request } from '../../services/api';
import { go, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';
import { askToNotify, notifyTemplates, staffTemplates } from '../../services/subscribe';

const BOX_TEXT: Record<Box, string> = {
  new: '新反映',
  following: '我跟进的',
  to_assign: '待交办',
  returned: '被退回的',
  todo: '待办理',
  co_handling: '协办',
  overdue: '已超期',
  supervised: '督办',
  held: '待核对',
  done: '已答复',
  county: '全县事项',
};

/** The office's own pages, reached from its workbench. */
const OFFICE_LINKS: ReadonlyArray<[string, () => string]> = [
  ['统计', pages.stats],
  ['回访', pages.callbacks],
  ['台账', pages.ledger],
  ['导入组织架构', pages.importOrganisation],
  ['打印联系卡', pages.cardSheet],
  ['党代表履职', pages.records],
  ['人员与权限', pages.people],
  ['操作记录', pages.audit],
  ['提案与提议', pages.officeProposals],
  ['重大事项通报', pages.officeBriefings],
  ['述职评议', pages.officeEvaluations],
  ['活动小组', pages.officeGroups],
  ['百分制考评', pages.scores],
  ['回音墙', pages.officeWall],
  ['重大事项民意', pages.officeMatters],
  ['各乡镇问题会商会', pages.meetingsHeld],
  ['民情信使', pages.officeMessengers],
  ['网格管理', pages.officeGrids],
];

const PAGE_SIZE = 20;
const ALL = 'all' as const;
/** The office's read-only list can be narrowed by status. */
const STATUS_FILTER: ReadonlyArray<Choice<CaseStatus | typeof ALL>> = [{ value: ALL, label: '全部' }, ...choicesOf(STATUS_TEXT)];

export default function WorkbenchPage() {
  const me = useRemote(() => request('staff', 'me'));
  return (
    <Screen wide>
      <Show remote={me}>
        {(m) =>
          m.boxes.length === 0 && m.regions.length === 0 ? (
            <Redeem onDone={me.reload} />
          ) : (
            <>
              <Regions me={m} />
              {m.boxes.length > 0 && <Boxes me={m} />}
            </>
          )
        }
      </Show>
    </Screen>
  );
}

/** A city's or a province's office: its counties' figures, one link per region it reads. */
function Regions({ me }: { me: Me }) {
  if (me.regions.length === 0) return null;
  return (
    <View>
      {me.boxes.length === 0 && <Text className='lead'>{me.name ?? ''}，您好</Text>}
      <View className='links'>
        {me.regions.map((r) => (
          <View key={r._id} className='link' onClick={() => go(pages.region(r._id))}>
            <Text>{`${r.name} · 各县(区)统计`}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

function Boxes({ me }: { me: Me }) {
  const { params } = useRouter();
  const asked = param(params, 'box') as Box;
  const [box, setBox] = useState<Box>(me.boxes.includes(asked) ? asked : me.boxes[0]!);
  const [status, setStatus] = useState<CaseStatus | typeof ALL>(ALL);
  const [pageCount, setPageCount] = useState(1);
  const list = useRemote(
    () =>
      request('staff', 'inbox', {
        box,
        page: 1,
        pageSize: PAGE_SIZE * pageCount,
        ...(status === ALL ? {} : { statuses: [status] }),
      }),
    [box, status, pageCount],
  );
  return (
    <View>
      <Text className='lead'>{me.name ?? ''}，您好</Text>
      {me.grants.some((g) => g.role === 'office') && (
        <>
          <OfficeAlerts />
          <View className='links'>
            {OFFICE_LINKS.map(([label, to]) => (
              <View key={label} className='link' onClick={() => go(to())}>
                <Text>{label}</Text>
              </View>
            ))}
          </View>
        </>
      )}
      {!me.grants.some((g) => g.role === 'office') && me.grants.some((g) => g.role === 'assigner' && g.level === 'township') && (
        <View className='link' onClick={() => go(pages.officeMessengers())}>
          <Text>本乡镇(街道)的民情信使</Text>
        </View>
      )}
      <NotifyMe roles={me.grants.map((g) => g.role)} />
      {me.grants.some((g) => g.role === 'representative') && <RepresentativeLinks />}
      <LinkageLinks />
      {me.grants.some((g) => GRID_ROLES.includes(g.role)) && <GridLinks me={me} />}
      {me.grants.some((g) => g.role === 'handler' || (g.role === 'supervisor' && g.level === 'county')) && (
        <View className='link' onClick={() => go(pages.proposals())}>
          <Text>交办的提议提案</Text>
        </View>
      )}
      {me.grants.some((g) => g.role === 'handler' || g.role === 'assigner') && <VillageLinks handler={me.grants.some((g) => g.role === 'handler')} />}
      {me.cardCodes.map((code) => (
        <View key={code} className='link' onClick={() => go(pages.printCard(code))}>
          <Text>打印我的联系卡（{code}）</Text>
        </View>
      ))}
      <Chips
        options={choicesOf(BOX_TEXT, me.boxes)}
        value={box}
        onChange={(b) => {
          setBox(b);
          setStatus(ALL);
          setPageCount(1);
        }}
      />
      {box === 'overdue' && <ByUnit />}
      {box === 'county' && (
        <Chips
          options={STATUS_FILTER}
          value={status}
          onChange={(s) => {
            setStatus(s);
            setPageCount(1);
          }}
        />
      )}
      <Show remote={list}>
        {(p) =>
          p.items.length === 0 ? (
            <Empty text='这里暂时没有事项' />
          ) : (
            <>
              <Text className='small'>共 {p.total} 件</Text>
              <CaseList items={p.items} onOpen={(c) => go(pages.case(c.id))} />
              {p.items.length < p.total && <Btn onClick={() => setPageCount((n) => n + 1)}>再看{PAGE_SIZE}件</Btn>}
            </>
          )
        }
      </Show>
    </View>
  );
}

/** The 回访 link in words: how many residents wait for a call, and how many of them are past their day. */
const callbacksText = (n: { open: number; late: number } | null) =>
  !n?.open ? '回访 · 打电话告诉群众答复' : `回访 · ${n.open}位群众待打电话告知答复${n.late ? `（${n.late}位已超时）` : ''}`;

/** A representative's own work: reception, proposals, briefings (with how many are unread), groups, 述职. */
function RepresentativeLinks() {
  const briefings = useRemote(() => request('briefing', 'mine'));
  const unread = briefings.data?.unread ?? 0;
  const callbacks = useRemote(() => request('staff', 'callbackCount'));
  return (
    <View className='links rep-links'>
      <View className='link' onClick={() => go(pages.reception())}>
        <Text>接待日志 · 为群众登记诉求</Text>
      </View>
      <View className='link callbacks-link' onClick={() => go(pages.callbacks())}>
        <Text>{callbacksText(callbacks.data)}</Text>
      </View>
      <View className='link' onClick={() => go(pages.proposals())}>
        <Text>提议提案</Text>
      </View>
      <View className='link briefings-link' onClick={() => go(pages.briefings())}>
        <Text>{unread > 0 ? `重大事项通报（${unread}件未读）` : '重大事项通报'}</Text>
      </View>
      <View className='link' onClick={() => go(pages.groups())}>
        <Text>活动小组</Text>
      </View>
      <View className='link' onClick={() => go(pages.report())}>
        <Text>述职评议</Text>
      </View>
    </View>
  );
}

/** Village and township staff: the echo wall's posts their unit replies to, and matters put to residents. */
function VillageLinks({ handler }: { handler: boolean }) {
  return (
    <View className='links village-links'>
      {handler && (
        <View className='link' onClick={() => go(pages.staffWall())}>
          <Text>回音墙留言</Text>
        </View>
      )}
      <View className='link' onClick={() => go(pages.matters())}>
        <Text>重大事项民意 · 坝坝会</Text>
      </View>
    </View>
  );
}

/** 三联动 for those it concerns: the village's list before a reception day, the township's monthly meeting, the county's 督查. */
function LinkageLinks() {
  const desk = useRemote(() => request('linkage', 'desk'));
  const d = desk.data;
  if (!d) return null;
  const links = (
    [
      ['接待前民意清单', pages.preReception(), d.workrooms.length > 0],
      ['问题会商会', pages.meeting(), d.townships.some((t) => t.canRecord)],
      ['督查接待日', pages.inspections(), d.inspector],
    ] as const
  ).filter(([, , on]) => on);
  if (links.length === 0) return null;
  return (
    <View className='links linkage-links'>
      {links.map(([label, to]) => (
        <View key={label} className='link' onClick={() => go(to)}>
          <Text>{label}</Text>
        </View>
      ))}
    </View>
  );
}

/** Who may stand on a grid: a representative named on it, a handler of its village's unit, its township's assigner. */
const GRID_ROLES: readonly StaffRole[] = ['representative', 'handler', 'assigner'];

/** 我的网格 when the caller has grids to visit; 网格管理 for a township's assigner (the office has it among its links). */
function GridLinks({ me }: { me: Me }) {
  const mine = useRemote(() => request('grid', 'mine'));
  const count = mine.data?.grids.length ?? 0;
  const keeper = me.grants.some((g) => g.role === 'assigner' && g.level === 'township') && !me.grants.some((g) => g.role === 'office');
  if (count === 0 && !keeper) return null;
  return (
    <View className='links grid-links'>
      {count > 0 && (
        <View className='link' onClick={() => go(pages.myGrids())}>
          <Text>{`我的网格（${count}个）· 记走访`}</Text>
        </View>
      )}
      {keeper && (
        <View className='link' onClick={() => go(pages.officeGrids())}>
          <Text>网格管理</Text>
        </View>
      )}
    </View>
  );
}

/**
 * 接收微信提醒: WeChat lets a mini-program send one message per template per tap of 允许
 * (one-time subscriptions), so staff tap this between jobs to hear about the next ones.
 */
function NotifyMe({ roles }: { roles: StaffRole[] }) {
  const names = staffTemplates(roles);
  const [accepted, setAccepted] = useState<number | null>(null);
  if (notifyTemplates(names).length === 0) return null;
  return (
    <Card className='notify'>
      <Text className='hint'>有新事项、快到期时，在微信里提醒您。微信规定每点一次「允许」，每类提醒可收到一条。</Text>
      <Btn onClick={() => void askToNotify(names).then((ids) => setAccepted(ids.length))}>接收微信提醒</Btn>
      {accepted !== null && <Text className='small'>{accepted > 0 ? '已开启，下一条会在微信里提醒您' : '没有开启，新事项仍在工作台和「我的消息」里'}</Text>}
    </Card>
  );
}

/** What needs the office's hand: years without holiday data, messages that could not be delivered. */
function OfficeAlerts() {
  const calendar = useRemote(() => request('office', 'calendar'));
  const dead = useRemote(() => request('office', 'deadLetters', { page: 1, pageSize: 50 }));
  const missing = calendar.data?.years.filter((y) => !y.covered).map((y) => y.year) ?? [];
  const letters = dead.data?.items ?? [];
  const resend = async () => {
    const res = await call('office', 'resend', { ids: letters.map((l) => l.id) });
    if (res.ok) dead.reload();
  };
  if (missing.length === 0 && letters.length === 0) return null;
  return (
    <View className='banner banner-warn' role='alert'>
      {missing.length > 0 && (
        <Text className='block'>
          {missing.join('、')}年的节假日安排尚未录入，期限只按周末推算
          {calendar.data!.uncoveredCases.length > 0 ? `（涉及${calendar.data!.uncoveredCases.length}件事项）` : ''}。
        </Text>
      )}
      {letters.length > 0 && (
        <>
          <Text className='block'>
            有{dead.data!.total}条消息没能发出去（最近：{letters[0]!.title}）。
          </Text>
          <Btn onClick={resend}>重新发送</Btn>
        </>
      )}
    </View>
  );
}

/** The supervisor's and office's figures by unit: who is late, pressed and pushing cases upward. */
function ByUnit() {
  const figures = useRemote(() => request('staff', 'byUnit'));
  return (
    <Show remote={figures}>
      {(units) =>
        units.length === 0 ? null : (
          <Card>
            <Text className='card-title'>各单位情况</Text>
            {units.map((u) => (
              <View key={u.unitId} className='unit-row'>
                <Text className='unit-name'>{u.unitName}</Text>
                <Text className={u.overdueNow > 0 ? 'small overdue' : 'small'}>
                  正超期 {u.overdueNow} 件 · 累计超期 {u.overdueTotal} 件 · 督办 {u.supervised} 次 · 上报 {u.escalated} 件 · 退回 {u.returned} 件
                </Text>
              </View>
            ))}
          </Card>
        )
      }
    </Show>
  );
}

function Redeem({ onDone }: { onDone: () => void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const send = async () => {
    setSending(true);
    const res = await call('staff', 'redeem', { code });
    setSending(false);
    if (!res.ok) return setError(res.error);
    onDone();
  };
  return (
    <Card>
      <Text className='card-title'>绑定工作身份</Text>
      <Text className='hint'>请输入联系群众工作办公室给您的8位邀请码。</Text>
      <Field label='邀请码' error={error?.fields?.code ?? error?.message}>
        <Input className='input code-input' {...spoken('邀请码')} value={code} maxlength={8} onInput={(e) => setCode(e.detail.value.toUpperCase())} />
      </Field>
      <Btn kind='primary' big loading={sending} onClick={send}>
        绑定
      </Btn>
    </Card>
  );
}
