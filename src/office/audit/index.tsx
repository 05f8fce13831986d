/**
 * 操作记录: the county's audit trail — who issued and withdrew invitation codes, bound and lost
 * roles, imported the organisation, released or kept back held content, and saw a resident's full
 * phone, and when (PIPL: who saw personal data).
 */
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { AuditKind } from '../../../types/domain';
import { AUDIT_TEXT } from '../../domain/labels';
import { PERIOD_TEXT, type PeriodKind } from '../../domain/periods';
import { Btn, Card, Chips, choicesOf, Empty, Screen, Show } from '../../components/ui';
import { request } from '../../services/api';
import { fullDateTime } from '../../services/format';
import { go, pages } from '../../services/nav';
import { useRemote } from '../../services/remote';

const PAGE_SIZE = 30;
const ANY = 'any';

export default function AuditPage() {
  const [period, setPeriod] = useState<PeriodKind>('month');
  const [kind, setKind] = useState<AuditKind | typeof ANY>(ANY);
  const [pageCount, setPageCount] = useState(1);
  const list = useRemote(
    () => request('office', 'audit', { period, ...(kind === ANY ? {} : { kind }), page: 1, pageSize: PAGE_SIZE * pageCount }),
    [period, kind, pageCount],
  );
  return (
    <Screen>
      <Chips options={choicesOf(PERIOD_TEXT)} value={period} onChange={(p) => (setPeriod(p), setPageCount(1))} />
      <Chips options={[{ value: ANY, label: '全部' }, ...choicesOf(AUDIT_TEXT)]} value={kind} onChange={(k) => (setKind(k), setPageCount(1))} />
      <Show remote={list}>
        {(p) =>
          p.items.length === 0 ? (
            <Empty text='这段时间没有这类记录' />
          ) : (
            <View>
              <Text className='lead'>共 {p.total} 条</Text>
              {p.items.map((a) => (
                <Card key={a._id} className='audit'>
                  <Text className='block'>{`${fullDateTime(a.at)} · ${AUDIT_TEXT[a.kind]}`}</Text>
                  <Text className='block'>{`${a.byName}：${a.subject}`}</Text>
                  {a.detail && <Text className='small block'>{a.detail}</Text>}
                  {a.caseId && (
                    <View className='link' onClick={() => go(pages.case(a.caseId!))}>
                      <Text>查看事项</Text>
                    </View>
                  )}
                </Card>
              ))}
              {p.items.length < p.total && <Btn onClick={() => setPageCount((n) => n + 1)}>再看{PAGE_SIZE}条</Btn>}
            </View>
          )
        }
      </Show>
    </Screen>
  );
}
