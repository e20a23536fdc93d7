// A process step's parameter values between GraphQL's list of { name, value } and the chaincode's object of name → value,
// both ways, without a network: a name given twice is refused rather than kept once, null is "not given", and a step read
// back lists its values in name order.
import { expect } from 'chai';
import { parameterObject, processStepInput, withParameterList } from '../../src/graphql/parameter-values';

describe('process step parameter values', function () {
  it('turns the list into the object the chaincode reads, refusing a name given twice', function () {
    expect(
      parameterObject(
        [
          { name: 'temperature', value: -5 },
          { name: 'ethanol', value: 20 },
        ],
        'step.parameters',
      ),
    ).to.deep.equal({
      temperature: -5,
      ethanol: 20,
    });
    expect(() =>
      parameterObject(
        [
          { name: 'ph', value: 4 },
          { name: 'ph', value: 7 },
        ],
        'step.parameters',
      ),
    ).to.throw('step.parameters[1].name: repeats ph');
    // An own field, so the chaincode sees it and refuses it by name, rather than the object's prototype taking it.
    expect(Object.keys(parameterObject([{ name: '__proto__', value: 1 }], 'step.parameters'))).to.deep.equal(['__proto__']);
  });

  it('sends a step without parameters, or with null, as one without them', function () {
    const step = { step: 'filling', parameterDataHash: 'a'.repeat(64), equipment: 'F-1', start: 's', end: 'e' };
    expect(processStepInput(step)).to.deep.equal(step);
    expect(processStepInput({ ...step, parameters: null })).to.deep.equal(step);
    expect(processStepInput({ ...step, parameters: [{ name: 'tmp', value: 1 }] })).to.deep.equal({ ...step, parameters: { tmp: 1 } });
  });

  it('answers a step with its values as a list in name order, and one without values without the field', function () {
    expect(withParameterList({ seq: 1, parameters: { temperature: -5, ethanol: 20 } })).to.deep.equal({
      seq: 1,
      parameters: [
        { name: 'ethanol', value: 20 },
        { name: 'temperature', value: -5 },
      ],
    });
    const unchecked: { seq: number; parameters?: Record<string, number> } = { seq: 2 };
    expect(withParameterList(unchecked)).to.deep.equal({ seq: 2 });
  });
});
