/**
 * 我也反映 on the resident's pages: before sending, the open cases of the village that look like the
 * draft, each with 是同一件事 (the resident becomes a co-reporter instead of filing it again); on a
 * case, how many residents raised it and, once merged (并案), the case it goes on as.
 */
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { RULES } from '../../config/rules';
import type { ApiError, CaseView } from '../../types/api';
import type { SimilarCase } from '../server/usecases/metoo';
import { call } from '../services/api';
import { fullDate } from '../services/format';
import { go, goInstead, pages } from '../services/nav';
import type { DraftForm } from './request-form';
import { Btn, ErrorBanner, spoken } from './ui';

/** How long after the last keystroke the lookup runs: never while the resident is still typing. */
const QUIET_MS = 800;

/**
 * "附近已有人反映过类似的事": asked again whenever what happened, the category or the village
 * changes (after a pause in typing); silent when nothing looks alike or the lookup fails, and
 * never in the way of 提交 below.
 */
export function SimilarCases({ code, form, villageId }: { code: string; form: DraftForm; villageId: string | undefined }) {
  const { description, category, requestId } = form.draft;
  const [items, setItems] = useState<SimilarCase[]>([]);
  const [joining, setJoining] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const words = description.trim();
    if (words.length < RULES.submit.descriptionMin || words.length > RULES.submit.descriptionMax) return setItems([]);
    let current = true;
    const timer = setTimeout(() => {
      void call('resident', 'similar', { cardCode: code, description: words, ...(villageId ? { villageId } : {}), ...(category ? { category } : {}) }).then(
        (res) => current && setItems(res.ok ? res.data.items.filter((c) => !c.yours) : []),
      );
    }, QUIET_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [code, description, category, villageId]);

  const join = async (c: SimilarCase) => {
    setJoining(c.id);
    setError(null);
    const res = await call('resident', 'metoo', { cardCode: code, caseId: c.id, requestId });
    setJoining(null);
    if (!res.ok) return setError(res.error);
    // the draft became this case: nothing is left to send (said once before: told so, not counted again)
    form.forget();
    Taro.showToast({ title: res.data.added ? '已记下，您也反映了这件事' : '您已经反映过这件事了，不用再点', icon: 'none' });
    void goInstead(pages.case(res.data.caseId));
  };

  if (items.length === 0) return null;
  return (
    <View className='similar' role='region' aria-label='附近已有人反映过类似的事'>
      <Text className='card-title'>附近已有人反映过类似的事</Text>
      <Text className='hint'>如果是同一件事，点“是同一件事”，不用再写一遍，办理进展也会告诉您。</Text>
      {items.map((c) => (
        <View key={c.id} className='similar-card'>
          {c.photoUrl && <Image className='similar-photo' {...spoken('这件事的照片')} src={c.photoUrl} mode='aspectFill' />}
          <Text className='case-summary'>{c.summary ?? '匿名反映'}</Text>
          <Text className='case-status'>{c.statusText}</Text>
          <Text className='small block'>{`已有${c.raisedBy}位群众反映 · ${fullDate(c.createdOn)}`}</Text>
          <Btn kind='primary' big loading={joining === c.id} onClick={() => void join(c)}>
            是同一件事
          </Btn>
        </View>
      ))}
      <ErrorBanner error={error} />
      <Text className='hint'>不是同一件事？接着在下面填写，点“提交”。</Text>
    </View>
  );
}

/** How many residents raised the case, and where a merged case goes on. */
export function RaisedBy({ c }: { c: Pick<CaseView, 'raisedBy' | 'mergedInto' | 'timeline'> }) {
  const intoNo = [...c.timeline].reverse().find((e) => e.action === 'merge' && e.data.intoNo)?.data.intoNo;
  const into = c.mergedInto;
  return (
    <>
      {c.raisedBy > 1 && <Text className='raised-by block'>{`共${c.raisedBy}位群众反映了这件事`}</Text>}
      {into && (
        <View className='banner banner-warn merged'>
          <Text className='block'>{`已并入事项 ${String(intoNo ?? '')}，一并办理`}</Text>
          <View className='link' onClick={() => void go(pages.case(into))}>
            <Text>看并入后的事项</Text>
          </View>
        </View>
      )}
    </>
  );
}
