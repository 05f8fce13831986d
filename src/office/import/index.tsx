/**
 * 导入组织架构: the office fills the template (乡镇, 村社区, 承办单位, 党代表, 工作人员), picks the
 * file, sees what it would change or which rows are wrong, and imports; staff rows come back as
 * invitation codes to hand out.
 */
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { ApiError } from '../../../types/api';
import type { ImportResult } from '../../server/usecases/organisation';
import { Btn, Card, Row, Screen } from '../../components/ui';
import { ApiFailure, call } from '../../services/api';
import { openFile, pickSpreadsheet } from '../../services/files';
import { fullDate } from '../../services/format';

type File = { fileName: string; fileId: string };

export default function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (f: File, dryRun: boolean) => {
    setBusy(true);
    setError(null);
    const res = await call('office', 'importOrganisation', { ...f, dryRun });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setResult(res.data);
  };
  const choose = async () => {
    setError(null);
    let picked: File | null;
    try {
      picked = await pickSpreadsheet();
    } catch (err) {
      return setError(err instanceof ApiFailure ? err.error : { code: 'INTERNAL', message: '文件没有传上去，请再试一次' });
    }
    if (!picked) return;
    setFile(picked);
    setResult(null);
    await send(picked, true);
  };
  const template = async () => {
    const res = await call('office', 'organisationTemplate');
    if (res.ok) await openFile(res.data);
    else setError(res.error);
  };

  return (
    <Screen>
      <Text className='hint'>
        先下载模板，按「说明」表填好乡镇、村社区、承办单位、党代表、工作人员和网格，再选择文件。先试导入，没有错误再正式导入；重复导入只会更新改过的行。
      </Text>
      <Btn onClick={() => void template()}>下载导入模板</Btn>
      <Btn kind='primary' big loading={busy && !result} onClick={() => void choose()}>
        选择文件（.xlsx 或 .csv）
      </Btn>
      {error && (
        <View className='banner banner-error' role='alert'>
          <Text>{error.message}</Text>
        </View>
      )}
      {file && result && <ImportOutcome file={file} result={result} busy={busy} onImport={() => void send(file, false)} />}
    </Screen>
  );
}

function ImportOutcome({ file, result, busy, onImport }: { file: File; result: ImportResult; busy: boolean; onImport: () => void }) {
  return (
    <View>
      <Card className='import-result'>
        <Text className='card-title'>
          {file.fileName}：{result.applied ? '已导入' : result.errors.length ? `有 ${result.errors.length} 处要改` : '试导入，尚未写入'}
        </Text>
        {result.finishing && <Text className='hint'>数据较多，已受理；其余部分几分钟内自动写完，之后即可在各页面看到。</Text>}
        {result.counts
          .filter((c) => c.added + c.updated + c.unchanged > 0)
          .map((c) => (
            <Row key={c.sheet} label={c.sheet}>{`新增 ${c.added}，更新 ${c.updated}，不变 ${c.unchanged}`}</Row>
          ))}
      </Card>
      {result.errors.length > 0 && (
        <View className='banner banner-error' role='alert'>
          <Text className='block'>这个文件没有导入任何内容。请改正后重新选择：</Text>
          {result.errors.map((e, i) => (
            <Text key={i} className='block import-error'>{`「${e.sheet}」${e.row ? `第${e.row}行` : ''}${e.message}`}</Text>
          ))}
        </View>
      )}
      {!result.applied && result.errors.length === 0 && (
        <Btn kind='primary' big loading={busy} onClick={onImport}>
          正式导入
        </Btn>
      )}
      {result.invitations.length > 0 && (
        <Card>
          <Text className='card-title'>工作人员邀请码</Text>
          {result.applied && <Text className='hint'>请把邀请码交给本人：打开小程序，点「工作人员」，输入邀请码即可。</Text>}
          {result.invitations.map((i) => (
            <Row key={`${i.name}-${i.roleText}`} label={`${i.name}（${i.roleText}）`}>
              {i.code ? `${i.code}${i.expiresAt ? `，${fullDate(i.expiresAt)}前有效` : ''}${i.reused ? '（沿用未用的邀请码）' : ''}` : '导入后生成'}
            </Row>
          ))}
        </Card>
      )}
    </View>
  );
}
