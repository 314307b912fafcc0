import type { EventRuleDef } from './model.js';
import { isProps, list, str, type ResolvedResource } from './cfnTypes.js';

/** An `AWS::Events::Rule` on the default bus, its targets resolved to the template's functions and state machines. */
export function buildEventRule(resource: ResolvedResource, functionIdByArn: (arn: string) => string | undefined, unsupported: string[]): EventRuleDef | undefined {
  const props = resource.properties;
  if (props.EventBusName !== undefined && str(props.EventBusName) !== 'default') {
    unsupported.push(`${resource.logicalId}: rules on event bus ${str(props.EventBusName)} (only the default bus is emulated)`);
    return undefined;
  }
  if (!isProps(props.EventPattern)) {
    if (props.ScheduleExpression !== undefined) unsupported.push(`${resource.logicalId}: scheduled rules`);
    return undefined;
  }
  const targets: EventRuleDef['targets'] = [];
  for (const target of list(props.Targets).filter(isProps)) {
    const arn = str(target.Arn);
    const functionLogicalId = functionIdByArn(arn);
    if (functionLogicalId) targets.push({ type: 'function', functionLogicalId });
    else if (arn.includes(':states:')) targets.push({ type: 'stateMachine', arn });
    else unsupported.push(`${resource.logicalId}: target ${arn}`);
  }
  return { id: resource.logicalId, pattern: props.EventPattern, targets };
}

/** SAM `EventBridgeRule` events of a state machine: rules targeting it. */
export function stateMachineEventRules(resource: ResolvedResource): EventRuleDef[] {
  const events = isProps(resource.properties.Events) ? resource.properties.Events : {};
  return Object.entries(events)
    .filter(([, event]) => isProps(event) && (event.Type === 'EventBridgeRule' || event.Type === 'CloudWatchEvent') && isProps((event.Properties as Record<string, unknown>)?.Pattern))
    .map(([eventId, event]) => ({
      id: `${resource.logicalId}.${eventId}`,
      pattern: (event as { Properties: { Pattern: Record<string, unknown> } }).Properties.Pattern,
      targets: [{ type: 'stateMachine' as const, arn: str(resource.attributes.Arn) }],
    }));
}
