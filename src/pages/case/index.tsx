/**
 * One case as the caller may see it: the server filters the view by role and lists the actions
 * the caller may take now; the page shows exactly those. Residents rate and withdraw here; staff
 * actions open their form in the staff package.
 */
import { Image, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import type { ApiError, CaseView } from '../../../types/api';
import type { CaseAction, Rating } from '../../../types/domain';
import { ACTION_TEXT, RATING_TEXT } from '../../domain/labels';
import { passedOnText } from '../../domain/messengers';
import { DueLine, HeldBanner, NoticeCard, Steps, Timeline } from '../../components/case-parts';
import { RaisedBy } from '../../components/metoo';
import { CaseRecordings } from '../../components/voice';
import { StillThereCard, StillThereOutcome } from '../../components/still-there';
import { Btn, Card, Chips, choicesOf, Field, Row, Screen, Show, spoken } from '../../components/ui';
import { call, request } from '../../services/api';
import { dateTime, fullDate } from '../../services/format';
import { go, pages, param } from '../../services/nav';
import { copyText } from '../../services/privacy';
import { useRemote } from '../../services/remote';

const RESIDENT_ACTIONS: CaseAction[] = ['rate', 'withdraw', 'urge', 'still_there'];
const RATINGS = choicesOf(RATING_TEXT);

export default function CasePage() {
  const { params } = useRouter();
  const id = param(params, 'id');
  const view = useRemote(() => request('case', 'detail', { caseId: id }));
  return (
    <Screen>
      <Show remote={view}>{(c) => <CaseBody c={c} reload={view.reload} />}</Show>
    </Screen>
  );
}

function CaseBody({ c, reload }: { c: CaseView; reload: () => void }) {
  const staffActions = c.actions.filter((a) => !RESIDENT_ACTIONS.includes(a));
  const preview = (src: string) => Taro.previewImage({ current: src, urls: c.photos.map((p) => p.url) });
  const residentPhone = !c.resident.anonymous && !c.resident.phoneMasked ? c.resident.phone : null;
  return (
    <View>
      {c.actions.includes('still_there') && <StillThereCard c={c} onDone={reload} />}
      <Card>
        <View className='case-no' onClick={() => void copyText(c.no)}>
          <Text className='small'>事项编号 </Text>
          <Text>{c.no}</Text>
        </View>
        <Text className='case-status big-status'>{c.statusText}</Text>
        <Steps stage={c.stage} timeline={c.timeline} />
        <RaisedBy c={c} />
        {c.unitName && <Row label='办理单位'>{`${c.levelText ?? ''} ${c.unitName}`}</Row>}
        {c.coUnitNames.length > 0 && <Row label='协办单位'>{c.coUnitNames.join('、')}</Row>}
        <DueLine c={c} />
        <StillThereOutcome c={c} />
      </Card>

      {c.held && <HeldBanner held={c.held} />}

      {(c.actions.includes('urge') || c.urgeNote || c.representative.phone) && <Urge c={c} onDone={reload} />}

      {c.reply && (
        <Card className='reply'>
          <Text className='card-title'>答复{c.outcomeText ? `：${c.outcomeText}` : ''}</Text>
          <Text className='reply-text'>{c.reply}</Text>
          {c.plan && <Row label='办理计划'>{c.plan}</Row>}
          {c.expectedDate && <Row label='预计完成'>{fullDate(c.expectedDate)}</Row>}
          {c.feedbackMethodText && <Row label='反馈方式'>{c.feedbackMethodText}</Row>}
          {c.ratingText && (
            <Row label={c.relations.includes('resident') ? '您的评价' : '群众评价'}>{`${c.ratingText}${c.ratingComment ? `：${c.ratingComment}` : ''}`}</Row>
          )}
        </Card>
      )}

      {c.notices.map((n) => (
        <NoticeCard key={n.id} n={n} />
      ))}

      {c.actions.includes('rate') && <RateForm c={c} onDone={reload} />}
      {c.canCoRate && <RateForm c={c} onDone={reload} co />}
      {c.myCoRating && (
        <Card>
          <Row label='您的评价'>{RATING_TEXT[c.myCoRating]}</Row>
        </Card>
      )}

      <Card>
        <Text className='card-title'>反映的问题</Text>
        <Text className='small'>
          {c.categoryName} · {c.townshipName}
          {c.villageName} · {dateTime(c.createdAt)}
        </Text>
        <Text className='description'>{c.description || (c.recordings.length ? '（没有写字，请听下面的录音）' : '（群众是用语音说的，没有写字）')}</Text>
        {c.photos.length > 0 && (
          <View className='photos'>
            {c.photos.map((p) => (
              <Image key={p.id} className='photo-img photo' {...spoken('反映问题的照片')} src={p.url} mode='aspectFill' onClick={() => preview(p.url)} />
            ))}
          </View>
        )}
        {c.recordings.length > 0 && <Recordings c={c} onDone={reload} />}
        {c.photoReview.hidden > 0 && <Text className='hint'>另有{c.photoReview.hidden}张照片正在核对，核对后可见</Text>}
        {c.photoReview.flagged.length > 0 && <FlaggedPhotos c={c} onDone={reload} />}
        {c.address && <Row label='地点'>{c.address}</Row>}
        {c.messenger && <Row label='代为反映'>{passedOnText(c.messenger, c.resident.anonymous)}</Row>}
        <Row label='反映人'>{c.resident.anonymous ? '匿名' : [c.resident.name ?? '群众', c.resident.phone].filter(Boolean).join('  ')}</Row>
        {residentPhone && (
          <View className='call' onClick={() => Taro.makePhoneCall({ phoneNumber: residentPhone })}>
            <Text>打电话给反映人</Text>
          </View>
        )}
        <Row label='党代表'>{c.representative.name}</Row>
      </Card>

      {c.warnings.length > 0 && (
        <View className='banner banner-warn'>
          {c.warnings.map((w) => (
            <Text key={w}>{w}</Text>
          ))}
        </View>
      )}

      {staffActions.length > 0 && (
        <Card>
          <Text className='card-title'>您可以</Text>
          <View className='actions'>
            {staffActions.map((a) => (
              <Btn key={a} kind={a === 'reject' || a === 'return' ? 'default' : 'primary'} onClick={() => go(pages.act(c.id, a))}>
                {ACTION_TEXT[a]}
              </Btn>
            ))}
          </View>
        </Card>
      )}
      {c.relations.some((r) => r === 'handler' || r === 'co_handler' || r === 'office') && (
        <View className='link' onClick={() => go(pages.publishNotice(c.no))}>
          <Text>发布公开栏公告（一次答复多件同类事项）</Text>
        </View>
      )}
      {c.canMerge && (
        <View className='link' onClick={() => go(pages.merge(c.id))}>
          <Text>并案（和另一件是同一件事）</Text>
        </View>
      )}
      {c.actions.includes('withdraw') && <Withdraw c={c} onDone={reload} />}

      <Card>
        <Text className='card-title'>办理经过</Text>
        <Timeline items={c.timeline} />
      </Card>
    </View>
  );
}

/** The office's 放行 of a photo or recording WeChat's media check flagged, and what went wrong doing it. */
function useRelease(c: CaseView, onDone: () => void) {
  const [error, setError] = useState<ApiError | null>(null);
  const release = async (photo: string) => {
    const res = await call('case', 'releasePhoto', { caseId: c.id, photo });
    if (!res.ok) return setError(res.error);
    onDone();
  };
  return { error, release };
}

/** The case's recordings for those who may hear them; the office lets a flagged one through to those handling the case. */
function Recordings({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const { error, release } = useRelease(c, onDone);
  return (
    <>
      <CaseRecordings recordings={c.recordings} onRelease={(id) => void release(id)} />
      {error && <Text className='block field-error'>{error.message}</Text>}
    </>
  );
}

/** The office's review of photos WeChat's image check flagged: 放行 shows one to the people handling the case. */
function FlaggedPhotos({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const { error, release } = useRelease(c, onDone);
  return (
    <View className='banner banner-warn'>
      <Text className='block'>这些照片没有通过微信图片检查，承办的人看不到。核对无误可以放行：</Text>
      {c.photoReview.flagged.map((p) => (
        <View key={p.id} className='flagged-photo'>
          <Image className='photo-img photo' {...spoken('待核对的照片')} src={p.url} mode='aspectFill' />
          <Btn onClick={() => void release(p.id)}>放行这张照片</Btn>
        </View>
      ))}
      {error && <Text className='block'>{error.message}</Text>}
    </View>
  );
}

/** The resident's rating (with words; 不满意 sends it back), or a co-reporter's own (`co`: counted, nothing else changes). */
function RateForm({ c, onDone, co = false }: { c: CaseView; onDone: () => void; co?: boolean }) {
  const [rating, setRating] = useState<Rating | null>(null);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const send = async () => {
    if (!rating) return setError({ code: 'INVALID_INPUT', message: '请选一个评价' });
    setSending(true);
    const res = co
      ? await call('resident', 'coRate', { caseId: c.id, rating })
      : await call('case', 'rate', { caseId: c.id, rating, comment: comment.trim() || undefined });
    setSending(false);
    if (!res.ok) return setError(res.error);
    Taro.showToast({ title: rating === 'dissatisfied' && !co ? '已退回重新办理' : '谢谢您的评价', icon: 'none' });
    onDone();
  };
  return (
    <Card className='rate'>
      <Text className='card-title'>您对这次办理满意吗？</Text>
      <Chips options={RATINGS} value={rating} onChange={setRating} />
      {rating === 'dissatisfied' && !co && <Text className='hint'>选“不满意”，这件事会退回重新交办。请说说哪里不满意。</Text>}
      {!co && (
        <Field label='还想说的话（可不填）'>
          <Textarea className='textarea' {...spoken('评价意见')} value={comment} maxlength={RULES.text.reasonMax} onInput={(e) => setComment(e.detail.value)} />
        </Field>
      )}
      {error && (
        <View className='banner banner-error' role='alert'>
          <Text>{error.message}</Text>
        </View>
      )}
      <Btn kind='primary' big loading={sending} onClick={send}>
        提交评价
      </Btn>
    </Card>
  );
}

/** 催办 a late case, or one due within two working days; a late case also gives the representative's phone. */
function Urge({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const urge = async () => {
    setSending(true);
    setError(null);
    const res = await call('case', 'urge', { caseId: c.id });
    setSending(false);
    if (!res.ok) return setError(res.error);
    Taro.showToast({ title: '已催办', icon: 'none' });
    onDone();
  };
  const phone = c.representative.phone;
  return (
    <Card className='urge'>
      <Text className='card-title'>{c.overdue ? '已经超过答复期限了' : '快到答复期限了'}</Text>
      <Text className='block'>{`催办一下，党代表${c.representative.name}和正在办理的人都会收到提醒，办理经过里也会记下。`}</Text>
      {c.actions.includes('urge') && (
        <Btn kind='primary' big loading={sending} onClick={() => void urge()}>
          催办
        </Btn>
      )}
      {c.urgeNote && <Text className='hint'>{c.urgeNote}</Text>}
      {error && (
        <View className='field-error' role='alert'>
          <Text>⚠ {error.message}</Text>
        </View>
      )}
      {phone && (
        <View className='call' onClick={() => void Taro.makePhoneCall({ phoneNumber: phone })}>
          <Text>{`打电话给党代表${c.representative.name}：${phone}`}</Text>
        </View>
      )}
    </Card>
  );
}

function Withdraw({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const withdraw = async () => {
    const { confirm } = await Taro.showModal({ title: '撤回这件事？', content: '撤回后党代表就不再办理了。', confirmText: '撤回', cancelText: '不撤回' });
    if (!confirm) return;
    const res = await call('case', 'withdraw', { caseId: c.id });
    if (!res.ok) return void Taro.showModal({ title: '没有撤回', content: res.error.message, showCancel: false });
    onDone();
  };
  return <Btn onClick={withdraw}>撤回这件事</Btn>;
}
