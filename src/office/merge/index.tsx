/**
 * 并案, for the county office: the same problem sent twice becomes one case. The office picks the
 * case to merge into among the open cases of the same village (narrowed by number or words), says
 * why, confirms, and sees the case that goes on with everyone who raised it.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import type { ApiError, CaseSummary, CaseView } from '../../../types/api';
import { OPEN_FOR_METOO } from '../../domain/metoo';
import { PERIOD_TEXT, type PeriodKind } from '../../domain/periods';
import { CaseItem } from '../../components/case-parts';
import { CaseFormPage } from '../../components/case-form';
import { Btn, Card, Chips, choicesOf, Empty, ErrorBanner, Field, Show, spoken } from '../../components/ui';
import { call, request } from '../../services/api';
import { go, pages } from '../../services/nav';
import { useRemote } from '../../services/remote';

const PERIODS: readonly PeriodKind[] = ['last_30_days', 'half_year', 'year'];
/** the most a ledger page holds */
const PAGE = RULES.pageSize.max;

export default function MergePage() {
  return (
    <CaseFormPage title='并案' allowed={(c) => c.canMerge} why='这件事项现在不能并案：已经办结、不再办理或已并入别的事项。'>
      {(c) => <MergeForm c={c} />}
    </CaseFormPage>
  );
}

/** The village's open cases of a period, of the case's category first: its latest ledger page when there are more than one page holds. */
async function openCasesOf(c: CaseView, period: PeriodKind): Promise<CaseSummary[]> {
  const filter = { villageId: c.villageId, period, pageSize: PAGE };
  const first = await request('office', 'ledger', filter);
  const last = first.total > PAGE ? await request('office', 'ledger', { ...filter, page: Math.ceil(first.total / PAGE) }) : null;
  const all = last ? [...first.items, ...last.items.filter((x) => !first.items.some((y) => y.id === x.id))] : first.items;
  // the same category first (most likely the same problem), then the newest
  const rank = (x: CaseSummary) => (x.category === c.category ? 0 : 1);
  return all.filter((x) => x.id !== c.id && OPEN_FOR_METOO.includes(x.status)).sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt);
}

function MergeForm({ c }: { c: CaseView }) {
  const [period, setPeriod] = useState<PeriodKind>('last_30_days');
  const candidates = useRemote(() => openCasesOf(c, period), [period]);
  const [words, setWords] = useState('');
  const [into, setInto] = useState<CaseSummary | null>(null);
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<{ intoCaseId: string; intoNo: string; raisedBy: number } | null>(null);

  const send = async () => {
    if (!into) return setError({ code: 'INVALID_INPUT', message: '请选要并入的事项' });
    if (!reason.trim()) return setError({ code: 'INVALID_INPUT', message: '请写并案理由' });
    const { confirm } = await Taro.showModal({
      title: `并入事项${into.no}？`,
      content: '并案后这件事项不再单独办理，反映的群众都改为关注并入的事项。',
      confirmText: '并案',
      cancelText: '不并案',
    });
    if (!confirm) return;
    setSending(true);
    setError(null);
    const res = await call('case', 'merge', { caseId: c.id, intoCaseId: into.id, reason: reason.trim() });
    setSending(false);
    if (!res.ok) return setError(res.error);
    setDone(res.data);
  };

  if (done)
    return (
      <Card className='merged-done'>
        <View role='status'>
          <Text className='card-title'>{`已并入事项 ${done.intoNo}`}</Text>
          <Text className='block'>{`共${done.raisedBy}位群众反映了这件事，进展都会告诉他们。`}</Text>
        </View>
        <Btn kind='primary' big onClick={() => void go(pages.case(done.intoCaseId))}>
          看并入后的事项
        </Btn>
      </Card>
    );

  const typed = words.trim();
  return (
    <Card>
      <Field label={`并入${c.villageName}的哪一件事项？`}>
        <Chips options={choicesOf(PERIOD_TEXT, PERIODS)} value={period} onChange={setPeriod} />
        <Input
          className='input'
          {...spoken('事项编号或几个字')}
          value={words}
          placeholder='输入事项编号或几个字查找'
          onInput={(e) => setWords(e.detail.value)}
        />
      </Field>
      <Show remote={candidates}>
        {(items) => {
          const shown = items.filter((x) => !typed || x.no.includes(typed) || x.summary.includes(typed));
          return shown.length === 0 ? (
            <Empty text={`${PERIOD_TEXT[period]}${c.villageName}没有别的未办结事项`} />
          ) : (
            <View className='merge-candidates' role='radiogroup'>
              {shown.map((x) => (
                <View key={x.id} className={x.id === into?.id ? 'merge-chosen' : ''} role='radio' aria-checked={x.id === into?.id}>
                  <CaseItem c={x} note={x.id === into?.id ? `✓ 已选：事项 ${x.no}` : `事项 ${x.no}`} onOpen={() => setInto(x)} />
                </View>
              ))}
            </View>
          );
        }}
      </Show>
      <Field label='并案理由（会写进两件事项的办理经过）'>
        <Textarea
          className='textarea'
          {...spoken('并案理由')}
          value={reason}
          maxlength={RULES.text.reasonMax}
          placeholder='例如：同一盏路灯'
          onInput={(e) => setReason(e.detail.value)}
        />
      </Field>
      <ErrorBanner error={error} />
      <Btn kind='primary' big loading={sending} onClick={() => void send()}>
        {into ? `确认并入事项 ${into.no}` : '确认并案'}
      </Btn>
    </Card>
  );
}
