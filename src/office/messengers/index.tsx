/**
 * 民情信使 and 代办党员, the office's side (a township's assigner sees its township's): each with
 * what came of what they passed on, inviting one (the code to pass on), ending a term with a
 * reason, and one messenger's passed-on cases (`?id=`).
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import type { ApiError } from '../../../types/api';
import { MESSENGER_KIND_TEXT, type MessengerKind } from '../../domain/messengers';
import type { MessengerView } from '../../server/usecases/messengers';
import { CaseList } from '../../components/case-parts';
import { FiguresLine, termPlace } from '../../components/messenger-parts';
import { Btn, Card, Chips, choicesOf, Empty, ErrorBanner, Field, Row, Screen, Show, spoken, type Choice } from '../../components/ui';
import { call, request } from '../../services/api';
import { fullDate } from '../../services/format';
import { go, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function OfficeMessengersPage() {
  const { params } = useRouter();
  const id = param(params, 'id');
  return <Screen wide>{id ? <PassedOn messengerId={id} /> : <Messengers />}</Screen>;
}

function Messengers() {
  const list = useRemote(() => request('messenger', 'list', {}));
  const grids = useRemote(() => request('grid', 'list', {}));
  return (
    <Show remote={list}>
      {({ messengers, totals }) => {
        // the villages a 代办党员 may be of: those with grids, and those with messengers already
        const villages = new Map<string, string>([
          ...(grids.data?.grids ?? []).map((g) => [g.villageId, g.villageName] as const),
          ...messengers.map((m) => [m.villageId, m.villageName] as const),
        ]);
        return (
          <>
            <Card className='messenger-totals'>
              <Text className='card-title'>{`民情信使和代办党员 ${messengers.filter((m) => m.status === 'active').length} 位在任`}</Text>
              <FiguresLine f={totals} />
            </Card>
            <Invite
              grids={(grids.data?.grids ?? []).map((g) => ({ value: g.id, label: `${g.villageName} · ${g.name}` }))}
              villages={[...villages].map(([value, label]) => ({ value, label }))}
              onDone={list.reload}
            />
            {messengers.length === 0 ? (
              <Empty text='还没有邀请民情信使' />
            ) : (
              <View className='desk-columns'>
                {messengers.map((m) => (
                  <MessengerCard key={m.id} m={m} onEnded={list.reload} />
                ))}
              </View>
            )}
          </>
        );
      }}
    </Show>
  );
}

/** One messenger with their figures: their cases, and ending the term with a reason. */
function MessengerCard({ m, onEnded }: { m: MessengerView; onEnded: () => void }) {
  const [ending, setEnding] = useState(false);
  // an unused invitation is withdrawn, a term is ended: the same action, in its own words
  const verb = m.status === 'active' ? '卸任' : '收回邀请';
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const end = async () => {
    const res = await call('messenger', 'end', { messengerId: m.id, reason: reason.trim() });
    if (!res.ok) return setError(res.error);
    setEnding(false);
    onEnded();
  };
  return (
    <Card className='messenger'>
      <Text className='card-title'>{`${m.name} · ${m.kindText}`}</Text>
      <Text className='case-status block'>{m.statusText}</Text>
      <Row label='网格'>{termPlace(m)}</Row>
      <Row label='电话'>{m.phone}</Row>
      <Text className='small block'>
        {`${m.invitedByName} ${fullDate(m.invitedOn)}邀请`}
        {m.acceptedOn ? `，${fullDate(m.acceptedOn)}接受` : m.status === 'invited' ? `，${fullDate(m.expiresOn)}前有效` : ''}
        {m.endedOn ? `，${fullDate(m.endedOn)}卸任：${m.endReason ?? ''}` : ''}
      </Text>
      <FiguresLine f={m.figures} />
      {m.figures.passed > 0 && <Btn onClick={() => go(pages.officeMessengers(m.id))}>查看代为反映的事</Btn>}
      {m.status !== 'ended' && !ending && <Btn onClick={() => setEnding(true)}>{verb}</Btn>}
      {ending && (
        <View className='end-term'>
          <Field label={`${verb}原因（必填）`} error={error?.fields?.reason}>
            <Textarea
              className='textarea'
              {...spoken('卸任原因')}
              value={reason}
              maxlength={RULES.text.reasonMax}
              placeholder='例如：本人提出不再担任'
              onInput={(e) => setReason(e.detail.value)}
            />
          </Field>
          {!error?.fields && <ErrorBanner error={error} />}
          <Btn kind='danger' onClick={() => void end()}>
            {`确认${verb}`}
          </Btn>
          <Btn onClick={() => setEnding(false)}>取消</Btn>
        </View>
      )}
    </Card>
  );
}

/** 邀请: kind, name, phone, and the grid (a messenger) or village (a 代办党员); then the code to pass on. */
function Invite({ grids, villages, onDone }: { grids: Array<Choice<string>>; villages: Array<Choice<string>>; onDone: () => void }) {
  const [kind, setKind] = useState<MessengerKind>('messenger');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [place, setPlace] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const [invited, setInvited] = useState<(MessengerView & { code: string }) | null>(null);
  const send = async () => {
    setSending(true);
    setError(null);
    const res = await call('messenger', 'invite', {
      kind,
      name: name.trim(),
      phone: phone.trim(),
      ...(kind === 'messenger' ? { gridId: place ?? undefined } : { villageId: place ?? undefined }),
    });
    setSending(false);
    if (!res.ok) return setError(res.error);
    setInvited(res.data);
    setName('');
    setPhone('');
    onDone();
  };
  const fields = error?.fields ?? {};
  const places = kind === 'messenger' ? grids : villages;
  if (invited)
    return (
      <Card className='invited'>
        <Text className='card-title'>{`已邀请${invited.name}当${invited.kindText}`}</Text>
        <Text className='follow-code invite-code'>{invited.code}</Text>
        <Text className='block'>
          {`请把邀请码交给${invited.name}：在连心桥「我的反映」里点「输入邀请码或跟进码」，输入后就是${termPlace(invited)}的${invited.kindText}。${fullDate(invited.expiresOn)}前有效，只能用一次。`}
        </Text>
        <Btn onClick={() => setInvited(null)}>再邀请一位</Btn>
      </Card>
    );
  return (
    <Card className='invite'>
      <Text className='card-title'>邀请民情信使</Text>
      <Field label='身份'>
        <Chips
          options={choicesOf(MESSENGER_KIND_TEXT)}
          value={kind}
          onChange={(k) => {
            setKind(k);
            setPlace(null);
          }}
        />
      </Field>
      <Field label='姓名' error={fields.name}>
        <Input className='input' {...spoken('姓名')} value={name} onInput={(e) => setName(e.detail.value)} />
      </Field>
      <Field label='电话' error={fields.phone}>
        <Input className='input' {...spoken('电话')} type='number' value={phone} onInput={(e) => setPhone(e.detail.value)} />
      </Field>
      <Field label={kind === 'messenger' ? '网格' : '村(社区)'} error={fields.gridId ?? fields.villageId}>
        {places.length === 0 ? (
          <Text className='hint'>{kind === 'messenger' ? '还没有网格，请先导入或添加网格' : '还没有可选的村(社区)'}</Text>
        ) : (
          <Chips options={places} value={place} onChange={setPlace} />
        )}
      </Field>
      {Object.keys(fields).length === 0 && <ErrorBanner error={error} />}
      <Btn kind='primary' big loading={sending} onClick={() => void send()}>
        邀请
      </Btn>
    </Card>
  );
}

/** One messenger's passed-on requests, newest first, each opened as the caller's role sees it. */
function PassedOn({ messengerId }: { messengerId: string }) {
  const cases = useRemote(() => request('messenger', 'cases', { messengerId, page: 1, pageSize: 50 }));
  return (
    <Show remote={cases}>
      {(p) => (
        <>
          <Card>
            <Text className='card-title'>{`${p.messenger.name} · ${p.messenger.kindText} · ${termPlace(p.messenger)}`}</Text>
            <FiguresLine f={p.messenger.figures} />
          </Card>
          {p.items.length === 0 ? <Empty text='还没有代为反映的事' /> : <CaseList items={p.items} onOpen={(c) => go(pages.case(c.id))} />}
        </>
      )}
    </Show>
  );
}
