/**
 * 提案与提议, the office's side: open a collection window (提案征集) before a party congress and see
 * the past ones, name the review committee (议案审查委员会), set how many co-signers each kind needs,
 * the county's proposals by status — 待审查 first — each
 * opening the shared detail page where the review and 交办 are done, and the figures of a period
 * with the 提案汇编 workbook.
 */
import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { ProposalWindow } from '../../../types/domain';
import type { ProposalView as Proposal } from '../../server/usecases/proposals';
import { PROPOSAL_KIND_TEXT, PROPOSAL_KINDS, PROPOSAL_STATUS_TEXT, type ProposalKind, type ProposalStatus } from '../../domain/proposals';
import { categoryName } from '../../domain/labels';
import { addDays, shanghaiDate } from '../../domain/calendar';
import { periodOf } from '../../domain/periods';
import { ProposalFigureCard } from '../../components/figures';
import { DateField, LineField, SendButton, useRepresentatives, useSend } from '../../components/office-forms';
import { Btn, Card, Empty, ErrorBanner, Field, Screen, Show, Stepper, Toggles } from '../../components/ui';
import { call, request } from '../../services/api';
import { exportReport } from '../../services/files';
import { fullDate, monthDayOf } from '../../services/format';
import { go, pages } from '../../services/nav';
import { useRemote } from '../../services/remote';

/** The review list's order: what waits for the office first, then what is being handled, then what is done. */
const STATUS_ORDER: readonly ProposalStatus[] = ['submitted', 'registered', 'handling', 'replied', 'closed', 'converted', 'merged', 'declined', 'withdrawn'];

export default function OfficeProposalsPage() {
  const county = useRemote(() => request('proposal', 'county'));
  return (
    <Screen wide>
      <Show remote={county}>
        {(c) => (
          <>
            <ReviewList proposals={c.proposals} />
            <Committee members={c.committee.members.map((m) => m.id)} onDone={county.reload} />
            <Cosigners value={c.minCosigners} onDone={county.reload} />
            <Windows windows={c.windows} onOpened={county.reload} />
          </>
        )}
      </Show>
      <Figures />
    </Screen>
  );
}

function ReviewList({ proposals }: { proposals: readonly Proposal[] }) {
  if (proposals.length === 0) return <Empty text='还没有提交上来的提案、提议' />;
  const groups = STATUS_ORDER.map((status) => ({ status, list: proposals.filter((p) => p.status === status) })).filter((g) => g.list.length > 0);
  return (
    <View className='desk-columns'>
      {groups.map(({ status, list }) => (
        <Card key={status} className={`proposal-group proposal-group-${status}`}>
          <Text className='card-title'>{`${PROPOSAL_STATUS_TEXT[status]}（${list.length}）`}</Text>
          {list.map((p) => (
            <View key={p._id} className='proposal-item' role='link' onClick={() => go(pages.proposal(p._id))}>
              <Text className='proposal-title'>{`${PROPOSAL_KIND_TEXT[p.kind]}：${p.title}`}</Text>
              <Text className='small'>
                {`${p.proposerName}${p.cosigners.length ? `等${p.cosigners.length + 1}位代表` : ''} · ${categoryName(p.category)}`}
                {p.submittedAt !== null ? ` · ${monthDayOf(p.submittedAt)}提交` : ''}
                {p.handling ? ` · ${p.handling.leadUnitName}主办，${fullDate(p.handling.dueDate)}前答复` : ''}
              </Text>
            </View>
          ))}
        </Card>
      ))}
    </View>
  );
}

/** 议案审查委员会: the representatives who review with the office (none: the office alone). */
function Committee({ members, onDone }: { members: string[]; onDone: () => void }) {
  const reps = useRepresentatives();
  const [chosen, setChosen] = useState<string[]>(members);
  useEffect(() => setChosen(members), [members]);
  const { sending, error, send } = useSend(onDone, '已保存');
  return (
    <Card className='committee'>
      <Text className='card-title'>审查委员会</Text>
      <Text className='hint'>选中的党代表可以和办公室一起审查提案、提议（立案、转作意见建议、并案、不予立案）。都不选就由办公室审查。</Text>
      <ErrorBanner error={reps.error} />
      <Toggles options={reps.choices} value={chosen} onChange={setChosen} />
      <SendButton
        label='保存审查委员'
        sending={sending}
        error={error}
        onSend={() => void send(() => call('proposal', 'committee', { representativeIds: chosen }))}
      />
    </Card>
  );
}

/** 附议人数: how many representatives must co-sign each kind before it can be submitted. */
function Cosigners({ value, onDone }: { value: Record<ProposalKind, number>; onDone: () => void }) {
  const [v, setV] = useState(value);
  useEffect(() => setV(value), [value]);
  const { sending, error, send } = useSend(onDone, '已保存');
  return (
    <Card className='cosigner-minimums'>
      <Text className='card-title'>附议人数</Text>
      <Text className='hint'>提交前至少要有几位党代表附议。</Text>
      {PROPOSAL_KINDS.map((kind) => (
        <Field key={kind} label={`${PROPOSAL_KIND_TEXT[kind]}至少`}>
          <View className={`cosigners-${kind}`}>
            <Stepper value={v[kind]} unit='位' onChange={(change) => setV((old) => ({ ...old, [kind]: change(old[kind]) }))} />
          </View>
        </Field>
      ))}
      <SendButton label='保存附议人数' sending={sending} error={error} onSend={() => void send(() => call('proposal', 'cosigners', v))} />
    </Card>
  );
}

/** 提案征集: the days 提案 are taken (提议 are taken at any time), and the windows opened before. */
function Windows({ windows, onOpened }: { windows: readonly ProposalWindow[]; onOpened: () => void }) {
  // from today for a month: the office names it and may change the days
  const today = shanghaiDate(Date.now());
  const [v, setV] = useState({ name: '', from: today, to: addDays(today, 30) });
  const [opened, setOpened] = useState<ProposalWindow | null>(null);
  const { sending, error, send, fieldError } = useSend((w: ProposalWindow) => {
    setOpened(w);
    onOpened();
  }, '已开启');
  return (
    <Card className='open-window'>
      <Text className='card-title'>开启提案征集</Text>
      <Text className='hint'>征集期内党代表可以提交提案；提议随时可以提交。</Text>
      <LineField label='名称' value={v.name} max={40} error={fieldError('name')} onChange={(name) => setV({ ...v, name })} />
      <DateField label='开始日期' value={v.from} error={fieldError('from')} onChange={(from) => setV({ ...v, from })} />
      <DateField label='结束日期' value={v.to} error={fieldError('to')} onChange={(to) => setV({ ...v, to })} />
      <SendButton label='开启征集' sending={sending} error={error} onSend={() => void send(() => call('proposal', 'openWindow', v))} />
      {opened && (
        <View className='banner banner-warn window-opened' role='status'>
          <Text>{`已开启「${opened.name}」：${fullDate(opened.from)} 至 ${fullDate(opened.to)}`}</Text>
        </View>
      )}
      <Text className='field-label'>历次征集</Text>
      {windows.length === 0 ? (
        <Text className='hint'>还没有开启过提案征集</Text>
      ) : (
        windows.map((w) => (
          <View key={w._id} className='window-item'>
            <Text className='proposal-title'>{`${w.name}${w.from <= today && today <= w.to ? '（征集中）' : ''}`}</Text>
            <Text className='small'>{`${fullDate(w.from)} 至 ${fullDate(w.to)} · ${w.openedBy}开启`}</Text>
          </View>
        ))
      )}
    </Card>
  );
}

/** 办理情况 of the proposals submitted in a period: in total, by category, by lead unit; and the 提案汇编. */
function Figures() {
  const [period, setPeriod] = useState(() => periodOf('year', Date.now()));
  const figures = useRemote(() => request('proposal', 'figures', period), [period.from, period.to]);
  return (
    <View className='figures'>
      <Text className='lead'>办理情况</Text>
      <Card>
        <DateField label='提交日期从' value={period.from} onChange={(from) => setPeriod({ ...period, from })} />
        <DateField label='到' value={period.to} onChange={(to) => setPeriod({ ...period, to })} />
        <Btn onClick={() => void exportReport(call('proposal', 'compilation', period))}>下载提案汇编（Excel）</Btn>
      </Card>
      <Show remote={figures}>
        {(f) =>
          f.total.assigned === 0 ? (
            <Empty text='这段时间提交的提案、提议还没有交办' />
          ) : (
            <>
              <ProposalFigureCard row={f.total} />
              {(
                [
                  ['按类别', f.byCategory],
                  ['按主办单位', f.byUnit],
                ] as const
              ).map(([title, rows]) => (
                <View key={title}>
                  <Text className='card-title'>{title}</Text>
                  <View className='desk-columns'>
                    {rows.map((row) => (
                      <ProposalFigureCard key={row.key} row={row} />
                    ))}
                  </View>
                </View>
              ))}
            </>
          )
        }
      </Show>
    </View>
  );
}
