/**
 * 重大事项通报 and 征求意见, the office's side: publish a briefing to all representatives or to chosen
 * activity groups (optionally asking for opinions until a day), the list with how many have read it
 * and answered, and one briefing (`?id=`): who has not read it yet first, who has, the opinions, and
 * the opinions as a workbook.
 */
import { Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { BRIEFING_LIMITS, type BriefingAudience } from '../../domain/briefings';
import { BRIEFING_AUDIENCE_TEXT } from '../../domain/labels';
import type { AudienceMember, CountyBriefing } from '../../server/usecases/briefings';
import { PhotoPicker, PhotoStrip } from '../../components/photos';
import { DateField, LineField, SendButton, useSend } from '../../components/office-forms';
import { Btn, Card, Chips, choicesOf, Empty, Field, Row, Screen, Show, spoken, SwitchRow, Toggles } from '../../components/ui';
import { call, request } from '../../services/api';
import { exportReport } from '../../services/files';
import { dateTime, fullDate } from '../../services/format';
import { go, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';
import { newRequestId } from '../../services/submit-form';

export default function OfficeBriefingsPage() {
  const { params } = useRouter();
  const id = param(params, 'id');
  return <Screen wide>{id ? <Detail id={id} /> : <Briefings />}</Screen>;
}

function Briefings() {
  const list = useRemote(() => request('briefing', 'county'));
  return (
    <>
      <Publish onDone={list.reload} />
      <Text className='lead'>已发布的通报</Text>
      <Show remote={list}>
        {(items) =>
          items.length === 0 ? (
            <Empty text='还没有发布过重大事项通报' />
          ) : (
            <View className='desk-columns'>
              {items.map((b) => (
                <BriefingItem key={b.id} b={b} />
              ))}
            </View>
          )
        }
      </Show>
    </>
  );
}

function BriefingItem({ b }: { b: CountyBriefing }) {
  return (
    <View className='briefing-item' role='link' onClick={() => go(`${pages.officeBriefings()}?id=${b.id}`)}>
      <Text className='proposal-title'>{b.title}</Text>
      <Text className='small'>{`${fullDate(b.publishedOn)}发布 · 发给${b.audienceText}`}</Text>
      <Text className='block briefing-counts'>{`已读 ${b.readCount}/${b.audienceCount} 人 · 意见 ${b.opinionCount} 条`}</Text>
      {b.opinionsUntil && <Text className='small'>{`征求意见至${fullDate(b.opinionsUntil)}${b.opinionsOpen ? '' : '（已截止）'}`}</Text>}
    </View>
  );
}

interface Draft {
  title: string;
  text: string;
  audience: BriefingAudience;
  groupIds: string[];
  asking: boolean;
  opinionsUntil: string;
  /** pictures uploaded with it (file ids) */
  files: string[];
}

const EMPTY: Draft = { title: '', text: '', audience: 'all', groupIds: [], asking: false, opinionsUntil: '', files: [] };

function Publish({ onDone }: { onDone: () => void }) {
  const [d, setD] = useState<Draft>(EMPTY);
  const [uploading, setUploading] = useState(0);
  const groups = useRemote(() => request('group', 'county', {}));
  // one per briefing written: a retried or doubled send publishes it once; the next briefing gets a new one
  const [requestId, setRequestId] = useState(newRequestId);
  const { sending, error, send, fieldError } = useSend(() => {
    setD(EMPTY);
    setRequestId(newRequestId());
    onDone();
  }, '已发布');
  const publish = () =>
    void send(() =>
      call('briefing', 'publish', {
        requestId,
        title: d.title,
        text: d.text,
        ...(d.files.length ? { files: d.files } : {}),
        audience: d.audience,
        ...(d.audience === 'groups' ? { groupIds: d.groupIds } : {}),
        ...(d.asking && d.opinionsUntil ? { opinionsUntil: d.opinionsUntil } : {}),
      }),
    );
  return (
    <Card className='publish-briefing'>
      <Text className='card-title'>发布重大事项通报</Text>
      <LineField label='标题' value={d.title} max={BRIEFING_LIMITS.titleMax} error={fieldError('title')} onChange={(title) => setD({ ...d, title })} />
      <Field label='通报内容' error={fieldError('text')}>
        <Textarea
          className='textarea'
          {...spoken('通报内容')}
          value={d.text}
          maxlength={BRIEFING_LIMITS.textMax}
          onInput={(e) => setD({ ...d, text: e.detail.value })}
        />
      </Field>
      <PhotoPicker
        label={`附图（可不传，最多${BRIEFING_LIMITS.maxFiles}张）`}
        value={d.files}
        onChange={(files) => setD((x) => ({ ...x, files }))}
        max={BRIEFING_LIMITS.maxFiles}
        error={fieldError('files')}
        orElse='发布'
        onUploading={setUploading}
      />
      <Field label='发给谁' error={fieldError('audience') ?? fieldError('groupIds')}>
        <Chips options={choicesOf(BRIEFING_AUDIENCE_TEXT)} value={d.audience} onChange={(audience) => setD({ ...d, audience })} />
      </Field>
      {d.audience === 'groups' && (
        <Show remote={groups}>
          {(g) =>
            g.groups.length === 0 ? (
              <Empty text='本县还没有活动小组' />
            ) : (
              <Toggles options={g.groups.map((x) => ({ value: x.id, label: x.name }))} value={d.groupIds} onChange={(groupIds) => setD({ ...d, groupIds })} />
            )
          }
        </Show>
      )}
      <SwitchRow label='同时征求意见' checked={d.asking} onChange={(asking) => setD({ ...d, asking })} />
      {d.asking && (
        <DateField
          label='征求意见截止日期'
          value={d.opinionsUntil}
          error={fieldError('opinionsUntil')}
          onChange={(opinionsUntil) => setD({ ...d, opinionsUntil })}
        />
      )}
      <SendButton label='发布' sending={sending} error={error} onSend={publish} uploading={uploading} />
    </Card>
  );
}

function Detail({ id }: { id: string }) {
  const detail = useRemote(() => request('briefing', 'detail', { briefingId: id }));
  return (
    <Show remote={detail}>
      {(b) => (
        <>
          <Card>
            <Text className='card-title'>{b.title}</Text>
            <Text className='small'>{`${fullDate(b.publishedOn)} ${b.publishedByName}发布 · 发给${b.audienceText}`}</Text>
            <Text className='description'>{b.text}</Text>
            <PhotoStrip urls={b.files.map((f) => f.url)} name='通报附图' />
            <Row label='已读'>{`${b.readCount}/${b.audienceCount} 人`}</Row>
            <Row label='意见'>{`${b.opinionCount} 条${b.opinionsUntil ? `，征求至${fullDate(b.opinionsUntil)}` : ''}`}</Row>
            {b.opinionsUntil && <Btn onClick={() => void exportReport(call('briefing', 'export', { briefingId: id }))}>导出意见（Excel）</Btn>}
          </Card>
          <View className='desk-columns'>
            <People title={`还没有读的（${b.unread.length}人）`} className='unread' people={b.unread} />
            <People title={`已读的（${b.read.length}人）`} className='read' people={b.read} />
            {b.opinionsUntil && (
              <Card className='opinions'>
                <Text className='card-title'>{`意见（${b.opinions.length}条）`}</Text>
                {b.opinions.length === 0 && <Text className='small'>还没有人提意见</Text>}
                {b.opinions.map((m) => (
                  <View key={m.representativeId} className='opinion'>
                    <Text className='block'>{m.opinion}</Text>
                    <Text className='small'>{`${m.name} · ${m.opinionAt ? dateTime(m.opinionAt) : ''}`}</Text>
                  </View>
                ))}
              </Card>
            )}
          </View>
        </>
      )}
    </Show>
  );
}

function People({ title, className, people }: { title: string; className: string; people: AudienceMember[] }) {
  return (
    <Card className={className}>
      <Text className='card-title'>{title}</Text>
      {people.length === 0 && <Text className='small'>没有</Text>}
      {people.map((m) => (
        <Row key={m.representativeId} label={m.name}>
          {`${m.villages.join('、')}${m.readAt ? ` · ${dateTime(m.readAt)}已读` : ''}`}
        </Row>
      ))}
    </Card>
  );
}
