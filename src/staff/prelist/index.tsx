/**
 * 接待前民意清单: before a workroom's coming reception day, its village's staff, the township's
 * assigner and the reception group read the village's open requests and those raised since the last
 * session, and staff add what they gathered by hand.
 */
import { Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { monthDay } from '../../domain/labels';
import type { LinkageDesk } from '../../server/usecases/linkage';
import { AddItemForm, PreList } from '../../components/linkage';
import { Chips, Empty, Screen, Show } from '../../components/ui';
import { request } from '../../services/api';
import { param } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function PreListPage() {
  const desk = useRemote(() => request('linkage', 'desk'));
  return (
    <Screen>
      <Show remote={desk}>{(d) => (d.workrooms.length === 0 ? <Empty text='您没有要准备接待日的工作室' /> : <Workroom desk={d} />)}</Show>
    </Screen>
  );
}

function Workroom({ desk }: { desk: LinkageDesk }) {
  const { params } = useRouter();
  const asked = param(params, 'workroom');
  const [workroomId, setWorkroomId] = useState(desk.workrooms.some((w) => w.id === asked) ? asked : desk.workrooms[0]!.id);
  const list = useRemote(() => request('linkage', 'list', { workroomId }), [workroomId]);
  return (
    <>
      {desk.workrooms.length > 1 && (
        <>
          <Text className='lead'>哪个工作室的接待日？</Text>
          <Chips
            options={desk.workrooms.map((w) => ({ value: w.id, label: `${w.villageName} · ${monthDay(w.next)}` }))}
            value={workroomId}
            onChange={setWorkroomId}
          />
        </>
      )}
      <Show remote={list}>
        {(l) => (
          <>
            <PreList list={l} />
            {l.canAdd && <AddItemForm list={l} onAdded={list.reload} />}
          </>
        )}
      </Show>
    </>
  );
}
