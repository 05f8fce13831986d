/**
 * One proposal (提议 / 提案), for every role that reads it: without an id, the form to draft one;
 * with an id, its words, people, review, handling, reply, rating and timeline, and the actions the
 * server lists for the caller (`actions`) — the proposer's edit, 征集附议, submit and withdraw; a
 * representative's 附议; the reviewer's 立案, 转作意见建议, 并案, 不予立案; the office's 交办; the lead
 * unit's reply; the proposer's rating; the office's and county leaders' 督办.
 */
import { Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState, type ReactNode } from 'react';
import { RULES } from '../../../config/rules';
import type { ApiResult } from '../../../types/api';
import { RATINGS, type Level, type Rating } from '../../../types/domain';
import { categoryName, LEVEL_TEXT, RATING_TEXT } from '../../domain/labels';
import {
  PROPOSAL_ACTION_TEXT,
  PROPOSAL_KIND_TEXT,
  PROPOSAL_STATUS_TEXT,
  REPLY_CLASS_TEXT,
  REPLY_CLASSES,
  type ProposalAction,
  type ProposalKind,
  type ReplyClass,
} from '../../domain/proposals';
import type { ProposalDetail as Detail, ProposalView as Proposal } from '../../server/usecases/proposals';
import { PhotoPicker, PhotoStrip, waitForUploads } from '../../components/photos';
import { TextBox } from '../../components/proposal-parts';
import { Btn, Card, CATEGORY_CHOICES, Chips, choicesOf, ErrorBanner, Field, Row, Screen, Show, spoken, Toggles } from '../../components/ui';
import { call, request } from '../../services/api';
import { dateTime, fullDate } from '../../services/format';
import { go, goInstead, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';
import { useSend } from '../../services/send';

export default function ProposalPage() {
  const id = param(useRouter().params, 'id');
  return <Screen>{id ? <ProposalDetail id={id} /> : <Draft />}</Screen>;
}

// ---- drafting ----

interface Words {
  title: string;
  category: string | null;
  problem: string;
  suggestion: string;
  /** photos or pictures of files (file ids) */
  photos: string[];
}

/** The draft form: 提议 at any time, 提案 only while the office's collection window is open. */
function Draft() {
  const desk = useRemote(() => request('proposal', 'desk'));
  const [kind, setKind] = useState<ProposalKind>('motion');
  return (
    <Show remote={desk}>
      {(d) => (
        <Card className='draft-form'>
          <Text className='card-title'>提建议</Text>
          <Field label='提议还是提案？' hint={d.window ? `提案征集中：${d.window.name}，${fullDate(d.window.to)}截止` : '现在不在提案征集期，可以提出提议'}>
            <Chips options={choicesOf(PROPOSAL_KIND_TEXT, d.window ? ['motion', 'proposal'] : ['motion'])} value={kind} onChange={setKind} />
          </Field>
          <WordsForm
            initial={{ title: '', category: null, problem: '', suggestion: '', photos: [] }}
            saveText='保存草稿'
            onSave={({ photos, ...w }) => call('proposal', 'draft', { kind, ...w, ...(photos.length ? { photos } : {}) })}
            onSaved={(p) => void goInstead(pages.proposal(p._id))}
          />
        </Card>
      )}
    </Show>
  );
}

const LONG_WORDS: ReadonlyArray<{ key: 'problem' | 'suggestion'; label: string; hint: string }> = [
  { key: 'problem', label: '存在的问题', hint: '群众反映了什么、现在是什么情况' },
  { key: 'suggestion', label: '建议', hint: '希望怎么解决、由谁来办' },
];

/** Title, category, problem, suggestion and photos: drafted anew or edited. */
function WordsForm({
  initial,
  saveText,
  onSave,
  onSaved,
}: {
  initial: Words;
  saveText: string;
  onSave: (w: Omit<Words, 'category'> & { category: string }) => Promise<ApiResult<Proposal>>;
  onSaved: (p: Proposal) => void;
}) {
  const [w, setW] = useState(initial);
  const [uploading, setUploading] = useState(0);
  const { sending, error, send } = useSend();
  const change = (patch: Partial<Words>) => setW((x) => ({ ...x, ...patch }));
  const save = () =>
    send(
      'save',
      onSave({ title: w.title.trim(), category: w.category ?? 'other', problem: w.problem.trim(), suggestion: w.suggestion.trim(), photos: w.photos }),
      '已保存',
      onSaved,
    );
  const fieldError = (name: string) => error?.fields?.[name];
  return (
    <View className='words-form'>
      <Field label='标题' hint='一句话说清楚建议什么' error={fieldError('title')}>
        <Input className='input proposal-title-input' {...spoken('标题')} value={w.title} maxlength={40} onInput={(e) => change({ title: e.detail.value })} />
      </Field>
      <Field label='属于哪一类？' error={fieldError('category')}>
        <Chips options={CATEGORY_CHOICES} value={w.category} onChange={(category) => change({ category })} />
      </Field>
      {LONG_WORDS.map(({ key, label, hint }) => (
        <TextBox
          key={key}
          className={`proposal-${key}`}
          label={label}
          hint={hint}
          error={fieldError(key)}
          value={w[key]}
          max={RULES.text.replyMax}
          onChange={(v) => change({ [key]: v })}
        />
      ))}
      <PhotoPicker
        label={`照片或材料图片（可不传，最多${RULES.submit.maxPhotos}张）`}
        value={w.photos}
        onChange={(photos) => change({ photos })}
        max={RULES.submit.maxPhotos}
        error={fieldError('photos')}
        orElse='保存'
        onUploading={setUploading}
      />
      <ErrorBanner error={error} />
      <Btn kind='primary' big loading={sending !== null} {...waitForUploads(uploading, '保存')} onClick={save}>
        {saveText}
      </Btn>
    </View>
  );
}

// ---- one proposal ----

function ProposalDetail({ id }: { id: string }) {
  const detail = useRemote(() => request('proposal', 'detail', { proposalId: id }), [id]);
  return (
    <Show remote={detail}>
      {(p) => (
        <>
          <Summary p={p} />
          <Handling p={p} />
          <Actions p={p} onDone={detail.reload} />
          <Card>
            <Text className='card-title'>经过</Text>
            <View className='timeline'>
              {p.events.map((e, i) => (
                <View key={`${e.at}-${i}`} className='event'>
                  <Text className='event-title'>{i === 0 ? '起草' : PROPOSAL_ACTION_TEXT[e.action]}</Text>
                  <Text className='small'>{`${dateTime(e.at)} · ${e.byName}`}</Text>
                  {e.note && <Text className='event-note'>{e.note}</Text>}
                </View>
              ))}
            </View>
          </Card>
        </>
      )}
    </Show>
  );
}

/** The words, who proposed and co-signed it, and how it was reviewed. */
function Summary({ p }: { p: Detail }) {
  return (
    <Card className='proposal'>
      <Text className='big-status proposal-status'>{`${PROPOSAL_KIND_TEXT[p.kind]} · ${PROPOSAL_STATUS_TEXT[p.status]}`}</Text>
      <Text className='lead proposal-heading'>{p.title}</Text>
      <Row label='类别'>{categoryName(p.category)}</Row>
      <Row label='提出人'>{p.proposerName}</Row>
      <Row label='附议'>
        <Text className='cosigners'>{p.cosigners.length ? p.cosigners.map((c) => c.name).join('、') : '还没有代表附议'}</Text>
        <Text className='small'>{`${p.cosigners.length}位，${PROPOSAL_KIND_TEXT[p.kind]}至少需要${p.terms.minCosigners}位`}</Text>
      </Row>
      {p.submittedAt !== null && <Row label='提交时间'>{dateTime(p.submittedAt)}</Row>}
      <Text className='field-label'>存在的问题</Text>
      <Text className='description'>{p.problem}</Text>
      <Text className='field-label'>建议</Text>
      <Text className='description'>{p.suggestion}</Text>
      {p.photoFiles.length > 0 && <Text className='field-label'>照片</Text>}
      <PhotoStrip urls={p.photoFiles.map((f) => f.url)} name='提案照片' />
      {p.review && (
        <View className='review'>
          <Row label='审查'>{`${PROPOSAL_ACTION_TEXT[p.review.decision]}（${p.review.byName}，${dateTime(p.review.at)}）`}</Row>
          {p.review.reason && <Row label='理由'>{p.review.reason}</Row>}
          {p.review.intoId && (
            <View className='link' onClick={() => void go(pages.proposal(p.review!.intoId!))}>
              <Text>看并入的那一件</Text>
            </View>
          )}
          {p.review.caseId && (
            <View className='link' onClick={() => void go(pages.case(p.review!.caseId!))}>
              <Text>看转成的意见建议</Text>
            </View>
          )}
        </View>
      )}
    </Card>
  );
}

/** 交办 and 答复: the units and the due day, the reply in its class, the proposer's rating. */
function Handling({ p }: { p: Detail }) {
  if (!p.handling) return null;
  return (
    <Card className='proposal-handling'>
      <Text className='card-title'>办理</Text>
      <Row label='主办单位'>{p.handling.leadUnitName}</Row>
      {p.handling.coUnitNames.length > 0 && <Row label='协办单位'>{p.handling.coUnitNames.join('、')}</Row>}
      <Row label='答复期限'>{fullDate(p.handling.dueDate)}</Row>
      {p.rounds > 0 && <Text className='small'>{`提出人不满意，已退回重新办理${p.rounds}次`}</Text>}
      {p.reply && (
        <View className='proposal-reply'>
          <Text className='field-label reply-class-text'>{`答复：${p.reply.replyClass}类 · ${REPLY_CLASS_TEXT[p.reply.replyClass]}`}</Text>
          <Text className='reply-text'>{p.reply.text}</Text>
          <Text className='small'>{`${p.reply.byName} · ${dateTime(p.reply.at)}`}</Text>
        </View>
      )}
      {p.rating && <Row label='提出人评价'>{RATING_TEXT[p.rating]}</Row>}
    </Card>
  );
}

/** Taken with one tap; the others open their form first. */
const AT_ONCE: readonly ProposalAction[] = ['circulate', 'cosign', 'submit', 'register'];
/** Shown open whenever allowed: the lead unit's reply, the proposer's rating. */
const ALWAYS_OPEN: readonly ProposalAction[] = ['reply', 'rate'];

const DONE_TEXT: Partial<Record<ProposalAction, string>> = { circulate: '已发出征集', cosign: '已附议', submit: '已提交' };

type Send = (res: Promise<ApiResult<Proposal>>, action: ProposalAction) => Promise<void>;

function Actions({ p, onDone }: { p: Detail; onDone: () => void }) {
  const [open, setOpen] = useState<ProposalAction | null>(null);
  const { sending, error, send: sendAction } = useSend<ProposalAction>();
  const proposalId = p._id;
  const send: Send = (res, action) =>
    sendAction(action, res, DONE_TEXT[action] ?? `已${PROPOSAL_ACTION_TEXT[action]}`, () => {
      setOpen(null);
      onDone();
    });
  const atOnce = (action: ProposalAction) => {
    const sent =
      action === 'circulate'
        ? call('proposal', 'circulate', { proposalId })
        : action === 'cosign'
          ? call('proposal', 'cosign', { proposalId })
          : action === 'submit'
            ? call('proposal', 'submit', { proposalId })
            : call('proposal', 'register', { proposalId });
    void send(sent, action);
  };
  const forms: Partial<Record<ProposalAction, ReactNode>> = {
    edit: (
      <>
        {p.cosigners.length > 0 && <Text className='hint'>{`修改后，已附议的${p.cosigners.length}位代表要重新附议。`}</Text>}
        <WordsForm
          initial={{ title: p.title, category: p.category, problem: p.problem, suggestion: p.suggestion, photos: p.photos }}
          saveText='保存修改'
          onSave={(w) => call('proposal', 'edit', { proposalId, ...w })}
          onSaved={() => {
            setOpen(null);
            onDone();
          }}
        />
      </>
    ),
    withdraw: <Confirm text='撤回后不能再提交。确定撤回吗？' action='withdraw' send={() => send(call('proposal', 'withdraw', { proposalId }), 'withdraw')} />,
    convert: (
      <Confirm
        text='转作意见建议后，按群众诉求交办，由提出人跟进，不再作为提议提案办理。'
        action='convert'
        send={() => send(call('proposal', 'convert', { proposalId }), 'convert')}
      />
    ),
    decline: (
      <Noted
        label='不予立案的理由（提出人会看到）'
        max={RULES.text.reasonMax}
        action='decline'
        send={(reason) => send(call('proposal', 'decline', { proposalId, reason }), 'decline')}
      />
    ),
    supervise: (
      <Noted
        label='督办意见（会发给主办单位）'
        max={RULES.text.noteMax}
        action='supervise'
        send={(note) => send(call('proposal', 'supervise', { proposalId, note }), 'supervise')}
      />
    ),
    merge: <Merge p={p} send={(intoId) => send(call('proposal', 'merge', { proposalId, intoId }), 'merge')} />,
    assign: (
      <Assign
        months={p.terms.handlingMonths}
        send={(leadUnitId, coUnitIds) => send(call('proposal', 'assign', { proposalId, leadUnitId, coUnitIds }), 'assign')}
      />
    ),
    reply: <Reply send={(replyClass, text) => send(call('proposal', 'reply', { proposalId, replyClass, text }), 'reply')} />,
    rate: <Rate p={p} sending={sending === 'rate'} send={(rating) => send(call('proposal', 'rate', { proposalId, rating }), 'rate')} />,
  };
  const buttons = p.actions.filter((a) => !ALWAYS_OPEN.includes(a));
  if (p.actions.length === 0) return null;
  return (
    <>
      {p.actions
        .filter((a) => ALWAYS_OPEN.includes(a))
        .map((a) => (
          <Card key={a} className={`act-form act-${a}`}>
            {forms[a]}
          </Card>
        ))}
      {buttons.length > 0 && (
        <Card className='actions'>
          {buttons.map((a) => (
            <View key={a} className={`act act-${a}`}>
              <Btn
                kind={a === 'withdraw' || a === 'decline' ? 'danger' : AT_ONCE.includes(a) ? 'primary' : 'default'}
                loading={sending === a}
                onClick={() => (AT_ONCE.includes(a) ? atOnce(a) : setOpen(open === a ? null : a))}
              >
                {PROPOSAL_ACTION_TEXT[a]}
              </Btn>
              {open === a && <View className={`act-form act-form-${a}`}>{forms[a]}</View>}
            </View>
          ))}
        </Card>
      )}
      <ErrorBanner error={error} />
    </>
  );
}

function Confirm({ text, action, send }: { text: string; action: ProposalAction; send: () => Promise<void> }) {
  return (
    <>
      <Text className='hint'>{text}</Text>
      <Btn kind='primary' big onClick={() => void send()}>
        {`确认${PROPOSAL_ACTION_TEXT[action]}`}
      </Btn>
    </>
  );
}

/** A form of one text: the reason for 不予立案, the 督办 note. */
function Noted({ label, max, action, send }: { label: string; max: number; action: ProposalAction; send: (text: string) => Promise<void> }) {
  const [text, setText] = useState('');
  return (
    <>
      <TextBox label={label} value={text} max={max} onChange={setText} />
      <Btn kind='primary' big onClick={() => void send(text.trim())}>
        {`确认${PROPOSAL_ACTION_TEXT[action]}`}
      </Btn>
    </>
  );
}

/** What a proposal can be joined to: another of the county, submitted or already registered. */
const JOINABLE: readonly Proposal['status'][] = ['submitted', 'registered', 'handling'];

/** 并案: another proposal of the county, from the reviewers' list. */
function Merge({ p, send }: { p: Detail; send: (intoId: string) => Promise<void> }) {
  const county = useRemote(() => request('proposal', 'county'));
  const [intoId, setIntoId] = useState<string | null>(null);
  return (
    <Show remote={county}>
      {(c) => {
        const others = c.proposals.filter((x) => x._id !== p._id && JOINABLE.includes(x.status));
        if (others.length === 0) return <Text className='hint'>本县还没有可以并入的提议、提案。</Text>;
        return (
          <>
            <Field label='并入哪一件？'>
              <Chips options={others.map((x) => ({ value: x._id, label: `${x.title}（${x.proposerName}）` }))} value={intoId} onChange={setIntoId} />
            </Field>
            <Btn kind='primary' big disabled={!intoId} why='请先选择并入哪一件' onClick={() => void send(intoId!)}>
              确认并案
            </Btn>
          </>
        );
      }}
    </Show>
  );
}

const LEVELS: readonly Level[] = ['county', 'township', 'village'];

/** 交办: a lead unit and any co-units, from the county's units. */
function Assign({ months, send }: { months: number; send: (leadUnitId: string, coUnitIds: string[]) => Promise<void> }) {
  const county = useRemote(() => request('proposal', 'county'));
  const [level, setLevel] = useState<Level>('county');
  const [lead, setLead] = useState<string | null>(null);
  const [co, setCo] = useState<string[]>([]);
  return (
    <Show remote={county}>
      {(c) => {
        const units = c.units.filter((u) => u.level === level).map((u) => ({ value: u.id, label: u.name }));
        const others = units.filter((u) => u.value !== lead);
        return (
          <>
            <Text className='hint'>{`交办后，主办单位要在${months}个月内答复。`}</Text>
            <Field label='哪一级的单位'>
              <Chips
                options={choicesOf(
                  LEVEL_TEXT,
                  LEVELS.filter((l) => c.units.some((u) => u.level === l)),
                )}
                value={level}
                onChange={(l) => {
                  setLevel(l);
                  setLead(null);
                  setCo([]);
                }}
              />
            </Field>
            <Field label='主办单位'>
              <Chips
                options={units}
                value={lead}
                onChange={(id) => {
                  setLead(id);
                  setCo((x) => x.filter((u) => u !== id));
                }}
              />
            </Field>
            {lead && others.length > 0 && (
              <Field label='协办单位（可多选，可不选）'>
                <Toggles options={others} value={co} onChange={setCo} />
              </Field>
            )}
            <Btn kind='primary' big disabled={!lead} why='请先选择主办单位' onClick={() => void send(lead!, co)}>
              确认交办
            </Btn>
          </>
        );
      }}
    </Show>
  );
}

/** The lead unit's reply: one of the three standard classes, and the words. */
function Reply({ send }: { send: (replyClass: ReplyClass, text: string) => Promise<void> }) {
  const [replyClass, setReplyClass] = useState<ReplyClass | null>(null);
  const [text, setText] = useState('');
  return (
    <>
      <Text className='card-title'>答复提出人</Text>
      <View className='reply-classes' role='radiogroup' aria-label='答复类别'>
        {REPLY_CLASSES.map((k) => (
          <View
            key={k}
            className={`reply-class reply-class-${k}${replyClass === k ? ' reply-class-on' : ''}`}
            role='radio'
            aria-checked={replyClass === k}
            onClick={() => setReplyClass(k)}
          >
            <Text className='reply-class-name'>{`${replyClass === k ? '✓ ' : ''}${k}类`}</Text>
            <Text className='block'>{REPLY_CLASS_TEXT[k]}</Text>
          </View>
        ))}
      </View>
      <TextBox label='答复内容' hint='办了什么、结果怎样、还要做什么' value={text} max={RULES.text.replyMax} onChange={setText} className='reply-input' />
      <Btn kind='primary' big disabled={!replyClass} why='请先选择答复类别' onClick={() => void send(replyClass!, text.trim())}>
        确认答复
      </Btn>
    </>
  );
}

/** The proposer's rating: three large buttons; 不满意 sends it back to the unit once. */
function Rate({ p, sending, send }: { p: Detail; sending: boolean; send: (rating: Rating) => Promise<void> }) {
  const again = p.rounds < p.terms.maxRounds;
  return (
    <>
      <Text className='card-title'>您对答复满意吗？</Text>
      <Text className='hint'>{again ? '选「不满意」，会退回主办单位重新办理一次。' : '已经重新办理过一次，这次评价后就办结了。'}</Text>
      {RATINGS.map((r) => (
        <View key={r} className={`rate-choice rate-${r}`}>
          <Btn kind={r === 'dissatisfied' ? 'danger' : 'primary'} big loading={sending} onClick={() => void send(r)}>
            {RATING_TEXT[r]}
          </Btn>
        </View>
      ))}
    </>
  );
}
