/**
 * One action on a case, for staff: the form that action needs and nothing more, with the case's
 * gist on top so a cadre on a phone knows what they are answering. Only actions the server listed
 * for the caller are offered (the case page links here from its `actions`).
 */
import { Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { RULES, usualLevel } from '../../../config/rules';
import type { ApiError, CaseView } from '../../../types/api';
import type { CaseAction, FeedbackMethod, Level, Outcome } from '../../../types/domain';
import { ACTION_TEXT, FEEDBACK_TEXT, LEVEL_TEXT, OUTCOME_TEXT } from '../../domain/labels';
import { HeldBanner } from '../../components/case-parts';
import { CaseFormPage } from '../../components/case-form';
import { Btn, Card, CATEGORY_CHOICES, Chips, choicesOf, Field, Show, spoken } from '../../components/ui';
import { call, request } from '../../services/api';
import { fullDate } from '../../services/format';
import { pages, param, startAt } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function ActPage() {
  const { params } = useRouter();
  const action = param(params, 'action') as CaseAction;
  const doing = ACTION_TEXT[action] ?? '办理';
  return (
    <CaseFormPage title={doing} allowed={(c) => c.actions.includes(action)} why={`这件事项现在不能由您${doing}，可能别人已经处理了。`}>
      {(c) => <ActionForm c={c} action={action} />}
    </CaseFormPage>
  );
}

type Values = {
  category?: string;
  level?: Level;
  unitId?: string;
  coUnitIds?: string[];
  reason?: string;
  note?: string;
  reply?: string;
  outcome?: Outcome;
  feedbackMethod?: FeedbackMethod;
  plan?: string;
  expectedDate?: string;
  toDate?: string;
};

function ActionForm({ c, action }: { c: CaseView; action: CaseAction }) {
  const [v, setV] = useState<Values>(() =>
    action === 'accept' ? { category: c.category } : action === 'close' || action === 'answer' ? { outcome: 'resolved', feedbackMethod: 'message' } : {},
  );
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const set = useCallback((patch: Values) => setV((x) => ({ ...x, ...patch })), []);
  const fieldError = (name: keyof Values) => error?.fields?.[name];

  const send = async () => {
    setSending(true);
    setError(null);
    const values = action === 'accept' ? { ...v, level: v.level ?? usualLevel(RULES, v.category) } : v;
    const res = await call('case', action, { caseId: c.id, ...clean(values) });
    setSending(false);
    if (!res.ok) return setError(res.error);
    // words that did not pass WeChat's content check wait for the office: say so rather than "done"
    Taro.showToast(res.data.held && action !== 'release' ? { title: '已提交，待核对', icon: 'none' } : { title: `已${ACTION_TEXT[action]}`, icon: 'success' });
    // 上报 hands the case to the level above: it leaves this unit's lists, so back to the workbench
    setTimeout(() => (action === 'escalate' ? startAt(pages.workbench()) : Taro.navigateBack()), 600);
  };

  const day = (name: 'expectedDate' | 'toDate', label: string, start?: string) => (
    <Field label={label} error={fieldError(name)}>
      <Picker mode='date' value={v[name] ?? start ?? ''} start={start} onChange={(e) => set({ [name]: String(e.detail.value) })}>
        <View className='input picker'>
          <Text>{v[name] ? fullDate(v[name]) : '点这里选日期'}</Text>
        </View>
      </Picker>
    </Field>
  );
  const pending = c.extensions.find((e) => e.status === 'pending');
  const text = (name: 'reason' | 'note' | 'reply' | 'plan', label: string, max: number, placeholder = '') => (
    <Field label={label} error={fieldError(name)}>
      <Textarea
        className='textarea'
        {...spoken(label)}
        value={v[name] ?? ''}
        maxlength={max}
        placeholder={placeholder}
        onInput={(e) => set({ [name]: e.detail.value })}
      />
    </Field>
  );
  const closing = (
    <>
      <Field label='办理结果' error={fieldError('outcome')}>
        <Chips options={choicesOf(OUTCOME_TEXT)} value={v.outcome ?? null} onChange={(outcome) => set({ outcome })} />
      </Field>
      {v.outcome === 'in_progress' && (
        <>
          {text('plan', '办理计划', RULES.text.replyMax, '下一步怎么办、谁来办')}
          {day('expectedDate', '预计完成日期')}
        </>
      )}
      {text('reply', '答复群众的话', RULES.text.replyMax, '用群众听得懂的话说清楚怎么办的')}
      <Field label='反馈方式' error={fieldError('feedbackMethod')}>
        <Chips options={choicesOf(FEEDBACK_TEXT)} value={v.feedbackMethod ?? null} onChange={(feedbackMethod) => set({ feedbackMethod })} />
      </Field>
    </>
  );

  const forms: Partial<Record<CaseAction, ReactNode>> = {
    accept: (
      <>
        <Field label='问题类别（请核对）'>
          <Chips options={CATEGORY_CHOICES} value={v.category ?? null} onChange={(category) => set({ category, level: undefined })} />
        </Field>
        <Field label='该由哪一级办（按类别建议）'>
          <Chips options={choicesOf(LEVEL_TEXT)} value={v.level ?? usualLevel(RULES, v.category)} onChange={(level) => set({ level })} />
        </Field>
        <Text className='hint'>受理后可以直接交办，也可以由乡镇(街道)或县里交办。</Text>
      </>
    ),
    reject: text('reason', '不予受理的理由（会告诉群众）', RULES.text.reasonMax),
    answer: closing,
    assign: <AssignFields c={c} v={v} set={set} fieldError={fieldError} />,
    sign: text('note', '签收说明（可不填）', RULES.text.noteMax),
    return: text('reason', '退回理由（为什么不归本单位办）', RULES.text.reasonMax),
    reply: text('reply', '进展情况（会告诉群众）', RULES.text.replyMax),
    close: closing,
    note: text('note', '内部备注（群众看不到）', RULES.text.noteMax),
    supervise: text('note', '督办意见（会发给承办单位）', RULES.text.noteMax, '例如：群众反映强烈，请三日内办结'),
    escalate: (
      <>
        <Text className='hint'>上报后由上一级重新交办，按上一级的时限办理；本单位的上报会记入统计。</Text>
        {text('reason', '上报理由（为什么本级解决不了）', RULES.text.reasonMax)}
      </>
    ),
    extend: (
      <>
        <Text className='hint'>每件事项最多延期{RULES.extensions.maxPerCase}次，须由交办人或督办领导同意。</Text>
        {day('toDate', '延期到哪一天', c.dueDate ?? undefined)}
        {text('reason', '延期理由', RULES.text.reasonMax)}
      </>
    ),
    approve_extension: (
      <>
        {pending && <ExtensionAsked e={pending} />}
        {text('note', '审批意见（可不填）', RULES.text.noteMax)}
      </>
    ),
    refuse_extension: (
      <>
        {pending && <ExtensionAsked e={pending} />}
        {text('note', '不同意的理由（会发给承办单位）', RULES.text.noteMax)}
      </>
    ),
    release: (
      <>
        {c.held && <HeldBanner held={c.held} />}
        <Text className='hint'>放行后按原样生效，有关的人会收到通知。</Text>
      </>
    ),
    withhold: (
      <>
        {c.held && <HeldBanner held={c.held} />}
        {text('reason', '不予放行的原因（会告诉作者）', RULES.text.reasonMax)}
      </>
    ),
  };

  return (
    <Card>
      {forms[action]}
      {error && (
        <View className='banner banner-error' role='alert'>
          <Text>{error.message}</Text>
        </View>
      )}
      <Btn kind='primary' big loading={sending} onClick={send}>
        确认{ACTION_TEXT[action]}
      </Btn>
    </Card>
  );
}

/** A pending 延期 request, as the approver reads it. */
function ExtensionAsked({ e }: { e: CaseView['extensions'][number] }) {
  return (
    <View className='banner banner-warn'>
      <Text>
        {e.unitName ?? '承办单位'}申请从{fullDate(e.fromDate)}延期到{fullDate(e.toDate)}。理由：{e.reason}
      </Text>
    </View>
  );
}

/** Level, lead unit (suggested from the category) and, for county cases, co-handling units. */
function AssignFields({
  c,
  v,
  set,
  fieldError,
}: {
  c: CaseView;
  v: Values;
  set: (patch: Values) => void;
  fieldError: (name: keyof Values) => string | undefined;
}) {
  const route = useRemote(() => request('case', 'routeOptions', { caseId: c.id }));
  const suggestion = route.data?.suggestion;
  // start from the suggestion (by category), once it has arrived and nothing is chosen yet
  useEffect(() => {
    if (suggestion && !v.level) set({ level: suggestion.level, unitId: suggestion.unitId ?? undefined });
  }, [suggestion, v.level, set]);
  return (
    <Show remote={route}>
      {(r) => {
        const level = v.level ?? r.suggestion.level;
        const units = r.units.filter((u) => u.level === level);
        const coUnits = r.units.filter((u) => u.level === 'county' && u.id !== v.unitId);
        return (
          <>
            <Field label='交给哪一级' error={fieldError('level')}>
              <Chips options={choicesOf(LEVEL_TEXT, r.levels)} value={level} onChange={(l) => set({ level: l, unitId: undefined, coUnitIds: undefined })} />
            </Field>
            <Field label='承办单位' error={fieldError('unitId')}>
              <Chips options={units.map((u) => ({ value: u.id, label: u.name }))} value={v.unitId ?? null} onChange={(unitId) => set({ unitId })} />
            </Field>
            {level === 'county' && coUnits.length > 0 && (
              <Field label='协办单位（可多选，可不选）'>
                <View className='chips'>
                  {coUnits.map((u) => {
                    const on = v.coUnitIds?.includes(u.id) ?? false;
                    return (
                      <View
                        key={u.id}
                        className={`chip${on ? ' chip-on' : ''}`}
                        role='checkbox'
                        aria-checked={on}
                        onClick={() => set({ coUnitIds: on ? v.coUnitIds!.filter((x) => x !== u.id) : [...(v.coUnitIds ?? []), u.id] })}
                      >
                        <Text>{on ? `✓ ${u.name}` : u.name}</Text>
                      </View>
                    );
                  })}
                </View>
              </Field>
            )}
            <Field label='交办说明（可不填）' error={fieldError('note')}>
              <Textarea
                className='textarea'
                {...spoken('交办说明')}
                value={v.note ?? ''}
                maxlength={RULES.text.noteMax}
                onInput={(e) => set({ note: e.detail.value })}
              />
            </Field>
          </>
        );
      }}
    </Show>
  );
}

/** Drops empty answers: an optional field left blank is not sent. */
function clean(v: Values): Values {
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => x !== undefined && x !== '' && !(Array.isArray(x) && x.length === 0))
      .map(([k, x]) => [k, typeof x === 'string' ? x.trim() : x]),
  ) as Values;
}
