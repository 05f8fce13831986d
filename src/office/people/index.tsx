/**
 * 人员与权限: who holds a role in the county, each role taken away with a reason; the county's
 * representatives, and one who left deactivated, their open cases handed to a successor or to the
 * office. Every change is in the audit trail (操作记录).
 */
import { Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import type { ApiError } from '../../../types/api';
import type { GrantView, PersonView, RosterRepresentative } from '../../server/usecases/roster';
import { Btn, Card, Chips, Field, Row, Screen, Show, spoken } from '../../components/ui';
import { call, request } from '../../services/api';
import { fullDate } from '../../services/format';
import { go, pages } from '../../services/nav';
import { useRemote } from '../../services/remote';

/** What is being changed now: one role of one person, or one representative. */
type Editing = { kind: 'revoke'; person: PersonView; grant: GrantView } | { kind: 'deactivate'; rep: RosterRepresentative } | null;

export default function PeoplePage() {
  const roster = useRemote(() => request('office', 'roster'));
  const [editing, setEditing] = useState<Editing>(null);
  const [done, setDone] = useState<string | null>(null);
  const finish = (message: string) => {
    setEditing(null);
    setDone(message);
    roster.reload();
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
  };
  return (
    <Screen>
      <View className='links'>
        <View className='link' onClick={() => go(pages.audit())}>
          <Text>操作记录</Text>
        </View>
      </View>
      {done && (
        <View className='banner banner-warn' role='status'>
          <Text>{done}</Text>
        </View>
      )}
      <Show remote={roster}>
        {(r) => (
          <View>
            <Text className='card-title'>工作人员（{r.people.length}人）</Text>
            {r.people.map((p) => (
              <Card key={p.openid} className='person'>
                <Text className='card-title'>{p.name}</Text>
                {p.grants.map((g) =>
                  editing?.kind === 'revoke' && editing.person.openid === p.openid && editing.grant.key === g.key ? (
                    <Revoke key={g.key} person={p} grant={g} onCancel={() => setEditing(null)} onDone={finish} />
                  ) : (
                    <Row key={g.key} label={g.roleText}>
                      <Text className='block'>{g.where}</Text>
                      <Btn kind='danger' onClick={() => (setDone(null), setEditing({ kind: 'revoke', person: p, grant: g }))}>
                        取消这个身份
                      </Btn>
                    </Row>
                  ),
                )}
              </Card>
            ))}
            <Text className='card-title'>党代表（{r.representatives.filter((x) => x.active).length}人在任）</Text>
            {r.representatives.map((rep) => (
              <Card key={rep.id} className='person'>
                <Text className='card-title'>{rep.name}</Text>
                <Row label='联系卡'>{rep.cardCode}</Row>
                <Row label='联系村'>{rep.villageNames.join('、')}</Row>
                {rep.active ? (
                  editing?.kind === 'deactivate' && editing.rep.id === rep.id ? (
                    <Deactivate
                      rep={rep}
                      others={r.representatives.filter((x) => x.active && x.id !== rep.id)}
                      onCancel={() => setEditing(null)}
                      onDone={finish}
                    />
                  ) : (
                    <Btn kind='danger' onClick={() => (setDone(null), setEditing({ kind: 'deactivate', rep }))}>
                      离任（联系卡停用）
                    </Btn>
                  )
                ) : (
                  <Row label='已离任'>{`${rep.leftAt ? fullDate(rep.leftAt) : ''} ${rep.leftReason ?? ''}`}</Row>
                )}
              </Card>
            ))}
          </View>
        )}
      </Show>
    </Screen>
  );
}

function Reason({ label, value, onInput, error }: { label: string; value: string; onInput: (v: string) => void; error?: string }) {
  return (
    <Field label={label} error={error}>
      <Textarea
        className='textarea'
        {...spoken(label)}
        value={value}
        maxlength={RULES.text.reasonMax}
        placeholder='写明原因，会记入操作记录'
        onInput={(e) => onInput(e.detail.value)}
      />
    </Field>
  );
}

function Failure({ error }: { error: ApiError | null }) {
  return error ? (
    <View className='banner banner-error' role='alert'>
      <Text>{error.message}</Text>
    </View>
  ) : null;
}

function Revoke({ person, grant, onCancel, onDone }: { person: PersonView; grant: GrantView; onCancel: () => void; onDone: (m: string) => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const send = async () => {
    setSending(true);
    const res = await call('office', 'revokeGrant', { openid: person.openid, key: grant.key, reason: reason.trim() });
    setSending(false);
    if (!res.ok) return setError(res.error);
    onDone(`已取消${person.name}的${grant.roleText}身份（${grant.where}），立即生效。`);
  };
  return (
    <View className='editing'>
      <Text className='block'>{`取消${person.name}的「${grant.roleText} · ${grant.where}」身份：取消后立即不能再办理，也收不到提醒。`}</Text>
      <Reason label='取消的原因' value={reason} onInput={setReason} error={error?.fields?.reason} />
      <Failure error={error} />
      <Btn kind='danger' loading={sending} onClick={() => void send()}>
        确认取消
      </Btn>
      <Btn onClick={onCancel}>不取消了</Btn>
    </View>
  );
}

const OFFICE = 'office';

function Deactivate({
  rep,
  others,
  onCancel,
  onDone,
}: {
  rep: RosterRepresentative;
  others: RosterRepresentative[];
  onCancel: () => void;
  onDone: (m: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [successor, setSuccessor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const send = async () => {
    setSending(true);
    const res = await call('office', 'deactivateRepresentative', {
      representativeId: rep.id,
      reason: reason.trim(),
      successorId: successor === OFFICE ? null : successor,
    });
    setSending(false);
    if (!res.ok) return setError(res.error);
    const to = successor === OFFICE ? '办公室' : others.find((o) => o.id === successor)?.name;
    onDone(`${rep.name}已离任，联系卡${rep.cardCode}停用；${res.data.moved}件未办结的事项转给${to}跟进。`);
  };
  return (
    <View className='editing'>
      <Text className='block'>{`${rep.name}离任后，联系卡${rep.cardCode}不再接收反映，扫码的群众会被引到村里的公示牌；ta未办结的事项转给下面选的人跟进。`}</Text>
      <Reason label='离任原因' value={reason} onInput={setReason} error={error?.fields?.reason} />
      <Field label='未办结的事项转给' error={error?.fields?.successorId}>
        <Chips
          options={[...others.map((o) => ({ value: o.id, label: o.name })), { value: OFFICE, label: '办公室' }]}
          value={successor}
          onChange={setSuccessor}
        />
      </Field>
      <Failure error={error} />
      <Btn kind='danger' disabled={!successor} why='请先选择接手的党代表' loading={sending} onClick={() => void send()}>
        确认离任
      </Btn>
      <Btn onClick={onCancel}>不改了</Btn>
    </View>
  );
}
